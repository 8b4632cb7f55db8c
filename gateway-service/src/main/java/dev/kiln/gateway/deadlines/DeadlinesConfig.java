package dev.kiln.gateway.deadlines;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Deadlines: the caller's Cancel-After, the global maximum, and the sweep that ends what reached one. */
@ConfigMapping(prefix = "kiln.gateway.deadlines")
public interface DeadlinesConfig {

    /**
     * The longest a prediction may take, from submit to a terminal status, whatever its Cancel-After: Replicate's
     * 30 minutes. A longer Cancel-After is refused.
     */
    @WithDefault("30m")
    Duration maximum();

    /** The shortest Cancel-After taken (Replicate's minimum is a few seconds; tests shorten it). */
    @WithDefault("5s")
    Duration minimum();

    /** How often each replica looks for predictions past their deadline. */
    @WithDefault("5s")
    Duration sweepEvery();

    /** How many predictions one sweep ends at most; the next sweep takes the rest. */
    @WithDefault("100")
    int sweepBatch();
}
