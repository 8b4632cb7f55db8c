package dev.kiln.credits.events;

import dev.kiln.credits.ledger.Outcome;
import dev.kiln.cloudevents.IncomingEvent;
import dev.kiln.cloudevents.UnreadableEventException;

/** The part of prediction.completed that credits need. */
public record PredictionCompleted(String predictionId, String status) implements IncomingEvent {

    @Override
    public void check() {
        IncomingEvent.checkPredictionId(predictionId);
        outcome();
    }

    public Outcome outcome() {
        if (status == null) {
            throw new UnreadableEventException("status is missing");
        }
        return switch (status) {
            case "succeeded" -> Outcome.SUCCEEDED;
            case "failed" -> Outcome.FAILED;
            case "canceled" -> Outcome.CANCELED;
            case "aborted" -> Outcome.ABORTED;
            default -> throw new UnreadableEventException("status is not terminal: " + status);
        };
    }
}
