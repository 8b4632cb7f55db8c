package dev.kiln.webhook.stray;

/** The provider refused a cancel in a way that asking again will not change (a 4xx other than 404 and 429). */
public class CancelRefusedException extends RuntimeException {

    public CancelRefusedException(Throwable cause) {
        super("The provider refused the cancel: " + cause.getMessage(), cause);
    }
}
