package dev.kiln.gateway.prediction;

/** Redis or Kafka could not take a change; nothing was created or changed, and the caller may try again. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
