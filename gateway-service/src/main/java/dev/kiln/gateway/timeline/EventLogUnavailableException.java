package dev.kiln.gateway.timeline;

/** Kafka did not give the prediction's records within the timeline's bound, or too many timelines are being read. */
public class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
