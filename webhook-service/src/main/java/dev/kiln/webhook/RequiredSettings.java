package dev.kiln.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/**
 * The settings that production gives no default for, as the other services have them. Quarkus reads
 * {@code quarkus.datasource.password} as optional, so on its own a start without it goes on against a database that
 * trusts local logins, or fails later and elsewhere. Mapped here as required, it is checked when the configuration is
 * read, before anything starts, and the failure names it. (The provider's API token is required by
 * {@link WebhookConfig} itself.)
 */
@ConfigMapping(prefix = "kiln.postgres")
public interface RequiredSettings {

    /** {@code KILN_POSTGRES_PASSWORD}; quarkus.datasource.password reads it. */
    String password();

    /** Quarkus maps (and so checks) only the mappings that something injects: this observer is that something. */
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
