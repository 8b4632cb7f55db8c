package dev.kiln.simulator.callbacks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;

import dev.kiln.simulator.SimulatorConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class SigningSecretTest {

    private static final String GIVEN = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void drawsAFreshStandardWebhooksSecretOfThirtyTwoRandomBytesAtEachStartWhenNoneIsGiven() {
        String first = new SigningSecret(config(Map.of())).value();
        String second = new SigningSecret(config(Map.of())).value();

        assertThat(first, matchesPattern("whsec_[A-Za-z0-9+/]{43}="));
        assertThat(Base64.getDecoder().decode(first.substring("whsec_".length())).length, equalTo(32));
        assertThat(second, not(equalTo(first)));
    }

    @Test
    void usesTheGivenSecret() {
        assertThat(new SigningSecret(config(Map.of("kiln.simulator.webhook-secret", GIVEN))).value(), equalTo(GIVEN));
    }

    @Test
    void refusesAGivenSecretThatIsNotBase64() {
        var thrown = assertThrows(IllegalStateException.class,
                () -> new SigningSecret(config(Map.of("kiln.simulator.webhook-secret", "whsec_not base64!"))));
        assertThat(thrown.getMessage(), equalTo("kiln.simulator.webhook-secret is not a Standard Webhooks secret "
                + "(whsec_ followed by the base64 of the key)"));
    }

    private static SimulatorConfig config(Map<String, String> properties) {
        var all = new java.util.HashMap<>(properties);
        all.put("kiln.simulator.api-token", "token");
        return new SmallRyeConfigBuilder()
                // Quarkus' own Duration syntax ("5s"), as Quarkus reads it
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .withMapping(SimulatorConfig.class)
                .build()
                .getConfigMapping(SimulatorConfig.class);
    }
}
