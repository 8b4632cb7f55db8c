package dev.kiln.storage.fetch;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a provider's output URL lives, counted from the completion event: a file host that fails for a while is
 * retried until then (its outage is not the prediction's fault), and a 404 or 410 after then means the file expired.
 */
record UrlLifetime(Instant completedAt, Duration lifetime) {

    Instant end() {
        return completedAt.plus(lifetime);
    }

    boolean over() {
        return !Instant.now().isBefore(end());
    }

    /** "1h after the completion at 2026-11-28T10:00:05.200Z", for a reason that says why the end came. */
    String describe() {
        return human(lifetime) + " after the completion at " + completedAt;
    }

    private static String human(Duration duration) {
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toSeconds() % 60 == 0) {
            return duration.toMinutes() + " min";
        }
        return duration.toSeconds() + " s";
    }
}
