package dev.kiln.webhook.translate;

/** A verified callback whose body Kiln cannot turn into an event (no id, an unknown status, not JSON). */
public class UntranslatableCallbackException extends RuntimeException {

    public UntranslatableCallbackException(String message) {
        super(message);
    }
}
