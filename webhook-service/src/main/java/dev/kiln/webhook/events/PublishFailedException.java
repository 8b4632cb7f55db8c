package dev.kiln.webhook.events;

/** An event that Kafka did not acknowledge: the webhook that carried it must be retried by the provider. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
