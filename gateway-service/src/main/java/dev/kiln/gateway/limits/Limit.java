package dev.kiln.gateway.limits;

import java.time.Duration;

/**
 * One limit on submissions: at most {@code max} entries count at a time, each for {@code window} after it was
 * made (or until it is released, for predictions in flight).
 *
 * @param retryAfter the wait to advise when this limit refuses; null to advise the time until its oldest entry
 *                   stops counting
 */
public record Limit(Kind kind, int max, Duration window, Duration retryAfter) {

    public enum Kind {
        RATE("rate"),
        IN_FLIGHT("in-flight"),
        ANONYMOUS_QUOTA("anonymous-quota");

        private final String keySuffix;

        Kind(String keySuffix) {
            this.keySuffix = keySuffix;
        }

        String keySuffix() {
            return keySuffix;
        }
    }
}
