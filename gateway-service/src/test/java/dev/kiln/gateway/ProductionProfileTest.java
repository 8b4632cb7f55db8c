package dev.kiln.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The production profile has no default for a secret or for the issuer: a start without one fails and says which.
 * Read from the application.properties that ships, as Quarkus reads it (SmallRye Config, profiles, expressions).
 */
class ProductionProfileTest {

    /** Each secret's property and the environment variable that must give it in production. */
    static final Map<String, String> REQUIRED = Map.of(
            "kiln.oidc.issuer", "KILN_OIDC_ISSUER",
            "kiln.postgres.password", "KILN_POSTGRES_PASSWORD",
            "kiln.provider.api-token", "KILN_PROVIDER_API_TOKEN");

    static SmallRyeConfig config(String profile) throws IOException {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        ProductionProfileTest.class.getResource("/application.properties"), 250))
                .withProfile(profile)
                .build();
    }

    @Test
    void productionRefusesToStartWithoutEachSecretAndNamesIt() throws IOException {
        SmallRyeConfig production = config("prod");
        REQUIRED.forEach((property, variable) -> {
            var missing = assertThrows(NoSuchElementException.class,
                    () -> production.getValue(property, String.class), property + " has a default in production");
            assertTrue(missing.getMessage().contains(variable) && missing.getMessage().contains(property),
                    "the failure names " + variable + " and " + property + ": " + missing.getMessage());
        });
    }

    /**
     * Quarkus reads its own datasource password and issuer as optional: without {@link RequiredSettings} a start
     * without them would go on. Mapped, they fail the start and each is named.
     */
    @Test
    void theRequiredSettingsFailAProductionStartAndNameEachMissingOne() {
        var thrown = assertThrows(ConfigValidationException.class, () -> new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        ProductionProfileTest.class.getResource("/application.properties"), 250))
                .withProfile("prod")
                .withMapping(RequiredSettings.class)
                .build());

        assertTrue(thrown.getMessage().contains("kiln.oidc.issuer")
                && thrown.getMessage().contains("kiln.postgres.password"), thrown::getMessage);
    }

    @Test
    void theLocalProfileHasTheStacksValues() throws IOException {
        SmallRyeConfig local = config("local");
        assertEquals("http://localhost:8180/realms/kiln", local.getValue("quarkus.oidc.auth-server-url", String.class));
        assertEquals("kiln", local.getValue("quarkus.datasource.password", String.class));
        assertEquals("kiln-local-token", local.getValue("kiln.provider.api-token", String.class));
        assertEquals("127.0.0.1/32,::1/128", local.getValue("kiln.gateway.trusted-proxies", String.class));
    }

    @Test
    void productionBelievesNoProxyUnlessTold() throws IOException {
        assertTrue(config("prod").getOptionalValue("kiln.gateway.trusted-proxies", String.class).isEmpty());
    }
}
