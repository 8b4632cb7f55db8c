package dev.kiln.credits.events;

import dev.kiln.cloudevents.IncomingEvent;

/** The part of prediction.storage_failed that credits need. */
public record PredictionStorageFailed(String predictionId, String reason) implements IncomingEvent {

    @Override
    public void check() {
        IncomingEvent.checkPredictionId(predictionId);
    }
}
