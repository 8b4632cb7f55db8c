package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The AI provider the gateway dispatches to: a Replicate-compatible API. Pointed at https://api.replicate.com with a
 * real token (and the webhook URL of a public webhook-service) it works unchanged; the defaults are the simulator.
 * The API URL itself is {@code quarkus.rest-client.provider.url}.
 */
@ConfigMapping(prefix = "kiln.provider")
public interface ProviderConfig {

    /** The provider's name in events and in the webhook path. */
    @WithDefault("replicate")
    String name();

    /** The provider's API token, sent as a Bearer token (also read by {@link ProviderApi}'s header). */
    String apiToken();

    /** Where the provider sends its webhooks: webhook-service's public endpoint for this provider. */
    @WithDefault("http://localhost:8081/v1/webhooks/replicate")
    String webhookUrl();

    /**
     * Which webhooks the provider sends us: all of them, so that a prediction shows its logs and progress as it runs
     * (Replicate sends output and logs at most every 500 ms).
     */
    @WithDefault("start,output,logs,completed")
    List<String> webhookEventsFilter();

    /**
     * The longest wait between two tries of a provider call, also when the provider's Retry-After asks for more. The
     * number of tries and the first wait are the {@code @Retry}'s, in application.properties.
     */
    @WithDefault("10s")
    Duration maxBackoff();

    /** How many times a create whose outcome was unknown, and whose job was not found, is sent again. */
    @WithDefault("4")
    int createAttempts();

    /** How far back the provider's prediction list is read to find a job of ours (pages of its size). */
    @WithDefault("20")
    int reconcilePages();

    /** Provider cancels, sent again until the provider answers them ({@link ProviderCancels}). */
    Cancels cancels();

    interface Cancels {

        /** How often each replica sends the cancels that are due. */
        @WithDefault("5s")
        Duration every();

        /** The wait after a cancel's first failed send; it doubles with each send, up to {@link #maxBackoff()}. */
        @WithDefault("2s")
        Duration firstBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** Cancels sent per round at most. */
        @WithDefault("50")
        int batch();
    }
}
