package dev.kiln.webhook.verify;

/** A callback whose signature, timestamp or headers do not pass Standard Webhooks verification. */
public class UnverifiedWebhookException extends RuntimeException {

    public UnverifiedWebhookException(String message) {
        super(message);
    }
}
