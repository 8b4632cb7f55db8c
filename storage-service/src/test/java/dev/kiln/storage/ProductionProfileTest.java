package dev.kiln.storage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * storage-service's application.properties as Quarkus reads them in each profile: outside the local profile there is
 * no database password or S3 credential to fall back on, so a start without them fails and names each key.
 */
class ProductionProfileTest {

    @Test
    void refusesToStartInProductionWithoutItsSecretsAndNamesThem() {
        var thrown = assertThrows(ConfigValidationException.class, () -> configIn("prod"));

        assertThat(thrown.getMessage(), allOf(containsString("kiln.postgres.password"),
                containsString("kiln.s3.access-key-id"), containsString("kiln.s3.secret-access-key")));
    }

    @Test
    void theLocalProfileHasTheLocalSecrets() throws IOException {
        RequiredSettings local = configIn("local").getConfigMapping(RequiredSettings.class);

        assertThat(local.postgres().password(), equalTo("kiln"));
        assertThat(local.s3().accessKeyId(), equalTo("kiln"));
    }

    private static SmallRyeConfig configIn(String profile) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        ProductionProfileTest.class.getResource("/application.properties"), 250))
                .withMapping(RequiredSettings.class)
                .build();
    }
}
