package dev.kiln.gateway.limits;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much a caller may submit: every limit of POST /v1/predictions is here (README, "Limits"). */
@ConfigMapping(prefix = "kiln.gateway.limits")
public interface LimitsConfig {

    /** Submissions per caller in any sliding window. */
    Rate rate();

    /** Predictions of one caller that may be in flight (accepted, not yet terminal) at once. */
    InFlight inFlight();

    /** The free quota of an anonymous caller, that is of one client address. */
    AnonymousQuota anonymousQuota();

    interface Rate {
        @WithDefault("20")
        int submissions();

        @WithDefault("1m")
        Duration window();
    }

    interface InFlight {
        @WithDefault("5")
        int max();

        /**
         * When a slot frees itself though no terminal status released it (a replica died between the change and
         * the release): longer than any prediction takes, so that a lost release locks a caller out of one slot
         * for this long at most.
         */
        @WithDefault("10m")
        Duration expiry();

        /** The Retry-After of an in-flight refusal: nobody knows when a prediction ends, this is a fair guess. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    interface AnonymousQuota {
        @WithDefault("3")
        int submissions();

        /** A rolling window: the quota's oldest submission frees its place this long after it was made. */
        @WithDefault("24h")
        Duration window();
    }
}
