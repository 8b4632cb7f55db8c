package dev.kiln.webhook;

import java.net.URI;
import java.time.Duration;
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

        /** How long the provider id ↔ prediction id mapping recorded from prediction.dispatched is kept. */
        @WithDefault("7d")
        Duration ttl();
    }

    interface Secrets {

        /** Startup waits this long for secrets fetched from providers before it lets them arrive in the background. */
        @WithDefault("5s")
        Duration startupWait();
    }

    interface Publish {

        /** A webhook is answered 503 when Kafka has not acked its event within this time. */
        @WithDefault("5s")
        Duration timeout();
    }
}
