package dev.kiln.gateway.clientwebhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a message whose attempt failed is tried again: Standard Webhooks' schedule with jitter, or later if the
 * receiver's Retry-After asks (on 429, 502 and 504), or never once the schedule is spent.
 */
record RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {

    static RetryPolicy of(ClientWebhooksConfig config) {
        return new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter());
    }

    /** The time of the attempt after {@code attemptsMade} attempts, or empty when the last one was made. */
    Optional<Instant> next(int attemptsMade, Integer statusCode, String retryAfter, Instant now) {
        if (attemptsMade >= schedule.size()) {
            return Optional.empty();
        }
        long delayMs = schedule.get(attemptsMade).toMillis();
        if (delayMs > 0 && jitter > 0) {
            delayMs += Math.round(delayMs * jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
        }
        if (statusCode != null && (statusCode == 429 || statusCode == 502 || statusCode == 504)) {
            delayMs = Math.max(delayMs, retryAfterMs(retryAfter, now));
        }
        return Optional.of(now.plusMillis(Math.max(0, delayMs)));
    }

    /** Retry-After in seconds or as an HTTP date, at most {@code maxRetryAfter}; 0 when absent or unreadable. */
    long retryAfterMs(String retryAfter, Instant now) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return 0;
        }
        long ms;
        try {
            ms = Long.parseLong(retryAfter.trim()) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ms = Duration.between(now, java.time.ZonedDateTime.parse(retryAfter.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toMillis();
            } catch (java.time.format.DateTimeParseException unreadable) {
                return 0;
            }
        }
        return Math.max(0, Math.min(ms, maxRetryAfter.toMillis()));
    }
}
