package dev.kiln.simulator;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The simulator's application.properties as Quarkus reads them in each profile: outside the local profile there is
 * no token to fall back on, so a start without KILN_SIMULATOR_API_TOKEN fails and names the key.
 */
class ProductionProfileTest {

    @Test
    void refusesToStartInProductionWithoutItsTokenAndNamesTheKey() {
        var thrown = assertThrows(ConfigValidationException.class, () -> configIn("prod"));

        assertThat(thrown.getMessage(), containsString("kiln.simulator.api-token"));
    }

    @Test
    void theLocalProfileHasTheLocalTokenAndNoFixedSigningSecret() throws IOException {
        SimulatorConfig local = configIn("local").getConfigMapping(SimulatorConfig.class);

        assertThat(local.apiToken(), equalTo("kiln-local-token"));
        assertThat(local.webhookSecret().isPresent(), equalTo(false));
    }

    private static SmallRyeConfig configIn(String profile) throws IOException {
        return new SmallRyeConfigBuilder()
                // Quarkus' own Duration syntax ("5s"), as Quarkus reads it
                .withConverter(Duration.class, 200, new DurationConverter())
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        ProductionProfileTest.class.getResource("/application.properties"), 250))
                .withMapping(SimulatorConfig.class)
                .build();
    }
}
