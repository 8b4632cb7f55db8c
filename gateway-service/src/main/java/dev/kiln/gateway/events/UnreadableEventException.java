package dev.kiln.gateway.events;

/** A record that is not the JSON of its schema: no retry can mend it, so it goes to its dead-letter topic. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    /**
     * The payload, or this exception when there is none: the connector hands a consumer null for a record it
     * could not deserialise ({@code fail-on-deserialization-failure=false}).
     */
    public static <T> T requireReadable(T payload) {
        if (payload == null) {
            throw new UnreadableEventException("The record is not the JSON of its schema");
        }
        return payload;
    }
}
