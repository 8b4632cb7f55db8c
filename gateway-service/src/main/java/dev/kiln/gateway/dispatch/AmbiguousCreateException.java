package dev.kiln.gateway.dispatch;

/**
 * A create whose outcome is unknown: the request may have reached the provider (a timeout, a connection lost after
 * sending, a 5xx other than 503). Trying it again could make a second job; the dispatcher looks for the first one
 * at the provider instead (Dispatcher#reconcile).
 */
public class AmbiguousCreateException extends RuntimeException {

    AmbiguousCreateException(String message, Throwable cause) {
        super(message, cause);
    }
}
