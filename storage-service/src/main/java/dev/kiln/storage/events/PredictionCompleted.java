package dev.kiln.storage.events;

import java.time.Instant;
import java.util.List;

import dev.kiln.cloudevents.IncomingEvent;
import dev.kiln.cloudevents.UnreadableEventException;

/**
 * The part of prediction.completed that storage-service reads (docs/asyncapi.yaml, PredictionCompleted); the other
 * fields are ignored.
 */
public record PredictionCompleted(String predictionId, String status, List<String> output, Instant occurredAt)
        implements IncomingEvent {

    public static final String SUCCEEDED = "succeeded";

    /** The id becomes part of object keys: nothing but a real prediction id may get there. */
    @Override
    public void check() {
        IncomingEvent.checkPredictionId(predictionId);
        if (status == null) {
            throw new UnreadableEventException("prediction.completed " + predictionId + " has no status");
        }
    }

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /**
     * When the completion happened, from which the provider's output URLs live for their lifetime; now when the event
     * does not say (the contract requires it: a record without it is still worth storing).
     */
    public Instant completedAt() {
        return occurredAt == null ? Instant.now() : occurredAt;
    }

    /** The provider's output URLs in order; none when the provider gave none. */
    public List<String> outputs() {
        return output == null ? List.of() : output;
    }
}
