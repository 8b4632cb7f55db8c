package dev.kiln.gateway.eta;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The expected completion time (eta) of a prediction: how each mode's recent run times are kept and read. */
@ConfigMapping(prefix = "kiln.gateway.eta")
public interface EtaConfig {

    /** Where the run times are kept in Redis, shared by every replica (tests use their run's own). */
    @WithDefault("kiln:run-times:")
    String keyPrefix();

    /** How many of a mode's latest succeeded predictions the percentile is taken over. */
    @WithDefault("100")
    int window();

    /** Below this many samples a mode's eta is its configured estimate (estimated_seconds), and no wait. */
    @WithDefault("10")
    int minSamples();

    /** The percentile (1 to 100) of the recent times that makes the eta: most predictions end before it. */
    @WithDefault("90")
    int percentile();

    /** How often each replica reads the recent times again from Redis (it answers from memory meanwhile). */
    @WithDefault("5s")
    Duration refresh();
}
