package dev.kiln.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the simulator can be told from outside; environment variables KILN_SIMULATOR_* set it. */
@ConfigMapping(prefix = "kiln.simulator")
public interface SimulatorConfig {

    /** The base URL clients reach the simulator at: prediction urls and output files point there. */
    @WithDefault("http://localhost:8090")
    URI publicUrl();

    /**
     * The bearer token every /v1 and /_sim request must carry. No default: a simulator started without one refuses to
     * start, naming this key (the local profile has a local token).
     */
    String apiToken();

    /**
     * The Standard Webhooks signing secret, "whsec_" + base64 of the key. When absent, a fresh one is drawn at start
     * (32 random bytes), which receivers fetch from GET /v1/webhooks/default/secret.
     */
    Optional<String> webhookSecret();

    /** Multiplies every run time and webhook retry delay; tests set it low. Also a runtime fault control. */
    @WithDefault("1.0")
    double timeScale();

    /** A seed for every random choice from start-up on; random when absent. Also a runtime fault control. */
    OptionalLong seed();

    /** How long a finished prediction keeps its input, output and logs (then data_removed), as at Replicate. */
    @WithDefault("1h")
    Duration retention();

    /** How often retention runs (read by its @Scheduled expression). */
    @WithDefault("30s")
    Duration retentionSweep();

    /** At most this many predictions are remembered; the oldest finished ones are forgotten first. */
    @WithDefault("10000")
    int maxPredictions();

    /** Predictions per page of GET /v1/predictions. */
    @WithDefault("100")
    int listPageSize();

    /** The models by "owner/name". Defaults are in application.properties. */
    Map<String, Model> models();

    Webhooks webhooks();

    Render render();

    interface Model {
        /** The mean run time of a prediction, before the time scale. */
        double estimatedSeconds();

        /** The version id accepted by POST /v1/predictions; the sha256 hex of "owner/name" when absent. */
        Optional<String> version();
    }

    interface Webhooks {
        /** When each attempt starts, counted from the previous failure; the first is the first attempt. */
        @WithDefault("0s,1s,2s,5s,10s,30s")
        List<Duration> retrySchedule();

        /** Retry delays are scaled by the time scale but never go under this. */
        @WithDefault("50ms")
        Duration minimumRetryDelay();

        @WithDefault("5s")
        Duration timeout();

        @WithDefault("64")
        int maxConnections();
    }

    interface Render {
        /** Width and height of the rendered PNG in pixels. */
        @WithDefault("768")
        int size();

        /** Rendered images kept in memory; an evicted one is drawn again on request. */
        @WithDefault("64")
        int cacheMegabytes();

        /** Rendering threads; the number of processors when absent. */
        OptionalInt threads();
    }
}
