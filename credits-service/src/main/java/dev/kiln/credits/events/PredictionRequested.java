package dev.kiln.credits.events;

import dev.kiln.cloudevents.IncomingEvent;
import dev.kiln.cloudevents.UnreadableEventException;

/** The part of prediction.requested that credits need; the other fields are the gateway's and are ignored. */
public record PredictionRequested(String predictionId, String userId, Long cost) implements IncomingEvent {

    @Override
    public void check() {
        IncomingEvent.checkPredictionId(predictionId);
        if (userId == null || userId.isBlank()) {
            throw new UnreadableEventException("user_id is missing");
        }
        if (cost == null || cost < 0) {
            throw new UnreadableEventException("cost must be a whole number of credits, 0 or more: " + cost);
        }
    }
}
