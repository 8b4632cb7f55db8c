package dev.kiln.cloudevents;

/**
 * A record that no retry can make readable (not JSON, a missing field, an unknown type). Consumers abort their
 * retries on it ({@code @Retry(abortOn = UnreadableEventException.class)}), so it goes straight to the topic's
 * dead-letter queue.
 */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
