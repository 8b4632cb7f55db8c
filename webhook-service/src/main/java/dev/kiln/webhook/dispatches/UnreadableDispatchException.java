package dev.kiln.webhook.dispatches;

/** A prediction.dispatched record that cannot be read as the contract describes it; retrying will not help. */
public class UnreadableDispatchException extends RuntimeException {

    public UnreadableDispatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
