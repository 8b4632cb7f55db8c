package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.WebApplicationException;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The wait before the next try of a provider call: what the provider asked for in Retry-After (seconds or an HTTP
 * date) when it answered one, else an exponential backoff with full jitter from the {@code @Retry}'s delay; never more
 * than {@code kiln.provider.max-backoff}. SmallRye Fault Tolerance makes one per call, so the doubling starts afresh.
 */
public class ProviderBackoff implements CustomBackoffStrategy {

    private long nextBaseMillis;
    private long maxMillis;

    @Override
    public void init(long initialDelayInMillis) {
        nextBaseMillis = Math.max(1, initialDelayInMillis);
        // Made by Fault Tolerance, not by CDI: the configuration is looked up.
        maxMillis = CDI.current().select(ProviderConfig.class).get().maxBackoff().toMillis();
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        Duration asked = cause instanceof WebApplicationException web
                ? retryAfter(web.getResponse().getHeaderString("Retry-After"))
                : null;
        if (asked != null) {
            return Math.min(asked.toMillis(), maxMillis);
        }
        long base = nextBaseMillis;
        nextBaseMillis = Math.min(base * 2, maxMillis);
        return Math.min(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1), maxMillis);
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
