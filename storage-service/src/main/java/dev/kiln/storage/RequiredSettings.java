package dev.kiln.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;

/**
 * The secrets that production gives no default for. Quarkus reads {@code quarkus.datasource.password} as optional:
 * without it a start goes on, and fails later or not at all (a database that trusts local logins lets the service in
 * without a password); the S3 client is built lazily, at the first S3 call. Mapped here as required, they are checked
 * when the configuration is read, before anything starts, and the failure names the missing key ({@code KILN_POSTGRES_PASSWORD},
 * {@code KILN_S3_ACCESS_KEY_ID}, {@code KILN_S3_SECRET_ACCESS_KEY} set them). The local profile has local values.
 */
@ConfigMapping(prefix = "kiln")
public interface RequiredSettings {

    Postgres postgres();

    S3 s3();

    interface Postgres {
        /** quarkus.datasource.password reads it. */
        String password();
    }

    interface S3 {
        /** dev.kiln.storage.store.S3Clients signs with it. */
        String accessKeyId();

        /** dev.kiln.storage.store.S3Clients signs with it. */
        String secretAccessKey();
    }

    /** Quarkus checks only the mappings that something injects: this bean, built at start, is that something. */
    @ApplicationScoped
    class CheckedAtStart {

        CheckedAtStart(RequiredSettings secrets) {
            // being built needs the secrets: that is the check
        }

        void onStart(@Observes StartupEvent started) {
            // makes the bean live at start
        }
    }
}
