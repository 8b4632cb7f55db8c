package dev.kiln.gateway.deadletters;

/** Kafka did not answer a list or did not take a replay; nothing was replayed, and it may be asked for again. */
public class DeadLettersUnavailableException extends RuntimeException {

    public DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
