package dev.kiln.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything webhook-service reads from configuration (environment variables in production). */
@ConfigMapping(prefix = "kiln.webhook")
public interface WebhookConfig {

    /** The providers whose callbacks are accepted, by the name in {@code POST /v1/webhooks/{provider}}. */
    Map<String, Provider> providers();

    Replay replay();

    Dispatches dispatches();

    Publish publish();

    Secrets secrets();

    Recovery recovery();

    Early early();

    /** Webhooks verified before their dispatch was recorded (issue 9). */
    interface Early {

        /** How long such a webhook is held for its dispatch before it is taken as not ours and forgotten. */
        @WithDefault("1h")
        Duration retention();
    }

    interface Provider {

        /**
         * The Standard Webhooks signing secrets ({@code whsec_} + base64), comma-separated. One as a rule; during a
         * rotation the new and the old, and a webhook signed with either passes. When absent the secret is fetched
         * once at startup from {@code {api-url}/v1/webhooks/default/secret}, as Replicate publishes it.
         */
        Optional<List<String>> secrets();

        @WithDefault("http://localhost:8090")
        URI apiUrl();

        /** The provider's API token (secret fetch, cancel). No default: a start without it names this key. */
        String apiToken();

        /** Bound on one call to the provider's API (secret fetch, cancel). */
        @WithDefault("2s")
        Duration requestTimeout();
    }

    interface Replay {

        /** How long a processed webhook-id is remembered; the provider's retries must fall inside it. */
        @WithDefault("24h")
        Duration ttl();

        /**
         * How long a webhook-id stays claimed while its event is being published. A crash mid-way frees it after
         * this, so the provider's next retry is processed instead of dropped.
         */
        @WithDefault("30s")
        Duration claimTtl();
    }

    interface Dispatches {

        /**
         * How long a finished dispatch (its terminal outcome published) is kept in PostgreSQL; until then a late
         * webhook of it is recognised and publishes nothing. Unfinished dispatches are kept until they finish.
         */
        @WithDefault("7d")
        Duration ttl();
    }

    /** Asking the provider about dispatches whose webhooks did not come (lost webhooks). */
    interface Recovery {

        /** How often a replica looks for dispatches due for a check. */
        @WithDefault("10s")
        Duration interval();

        /**
         * How long a prediction of each model is expected to run, by the model in prediction.dispatched
         * ({@code kiln.webhook.recovery.estimates."kiln/jersey-speed"=5s}): the gateway's estimates per mode.
         */
        Map<String, Duration> estimates();

        /** The estimate of a model that {@link #estimates()} does not name. */
        @WithDefault("60s")
        Duration defaultEstimate();

        /** Added to the estimate before the first check: the provider's webhook usually comes within it. */
        @WithDefault("30s")
        Duration grace();

        /** The wait after the first check; doubled after each further one, up to {@link #maxBackoff()}. */
        @WithDefault("10s")
        Duration backoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** How many dispatches one replica claims per run. */
        @WithDefault("50")
        int batchSize();

        /** When the recovery first asks the provider about a prediction of this model dispatched then. */
        default Instant firstCheck(String model, Instant dispatchedAt) {
            return dispatchedAt.plus(estimates().getOrDefault(model, defaultEstimate())).plus(grace());
        }
    }

    interface Secrets {

        /** Startup waits this long for secrets fetched from providers before it lets them arrive in the background. */
        @WithDefault("5s")
        Duration startupWait();

        /**
         * A webhook that fails verification has a fetched secret fetched again (the provider may have rotated it), at
         * most this often per provider.
         */
        @WithDefault("30s")
        Duration refreshInterval();
    }

    interface Publish {

        /** A webhook is answered 503 when Kafka has not acked its event within this time. */
        @WithDefault("5s")
        Duration timeout();
    }
}
