package dev.kiln.storage.events;

/**
 * A record that no retry can make readable (not JSON, a missing field, an invalid prediction id). It goes straight
 * to the topic's dead-letter queue.
 */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
