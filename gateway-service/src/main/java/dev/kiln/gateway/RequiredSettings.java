package dev.kiln.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/**
 * The settings that production gives no default for. Quarkus reads {@code quarkus.datasource.password} and
 * {@code quarkus.oidc.auth-server-url} as optional, so on their own a start without them goes on and fails later
 * and elsewhere (the database refuses the login, every token is refused). Mapped here as required, they are checked
 * when the configuration is read, before anything starts, and the failure names the missing environment variable
 * (ProductionProfileTest).
 */
@ConfigMapping(prefix = "kiln")
public interface RequiredSettings {

    Postgres postgres();

    Oidc oidc();

    interface Postgres {
        /** {@code KILN_POSTGRES_PASSWORD}; quarkus.datasource.password reads it. */
        String password();
    }

    interface Oidc {
        /** {@code KILN_OIDC_ISSUER}, the realm's URL; quarkus.oidc.auth-server-url reads it. */
        String issuer();
    }

    /**
     * Quarkus maps (and so checks) only the mappings that something injects: this observer is that something.
     */
    @ApplicationScoped
    class CheckedAtStart {

        CheckedAtStart(RequiredSettings settings) {
            // nothing to do: being built needs the settings
        }

        void onStart(@Observes StartupEvent started) {
            // makes the bean live at start
        }
    }
}
