package dev.kiln.gateway.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the limits said to one submission, in the terms of the RateLimit header fields (IETF httpapi draft): the
 * limit that is nearest to refusing (or that refused), how many submissions it still allows, and in how many
 * seconds it allows one more.
 */
public record Admission(boolean admitted, Limit limit, int remaining, Duration reset) {

    /** {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (whole seconds, rounded up). */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(limit.max()));
        headers.put("RateLimit-Remaining", Integer.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(wholeSeconds(reset)));
        return headers;
    }

    /** The wait to advise in {@code Retry-After}, in whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, wholeSeconds(reset));
    }

    private static long wholeSeconds(Duration duration) {
        return (Math.max(0, duration.toMillis()) + 999) / 1000;
    }
}
