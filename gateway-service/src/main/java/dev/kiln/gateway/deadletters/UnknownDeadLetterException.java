package dev.kiln.gateway.deadletters;

/** No such dead-letter topic, or no record at that partition and offset (never written, or past retention). */
public class UnknownDeadLetterException extends RuntimeException {

    public UnknownDeadLetterException(String message) {
        super(message);
    }
}
