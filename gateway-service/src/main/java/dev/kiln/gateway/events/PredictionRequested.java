package dev.kiln.gateway.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.prediction.Prediction;

/** prediction.requested: a prediction was accepted; published before the 202, and the start of everything else. */
public record PredictionRequested(
        String predictionId,
        String userId,
        String task,
        String mode,
        JsonNode input,
        int cost,
        int estimatedSeconds,
        String webhook,
        List<String> webhookEventsFilter,
        Instant createdAt) {

    public static final String TYPE = "prediction.requested";

    public static PredictionRequested of(Prediction prediction) {
        return new PredictionRequested(prediction.id(), prediction.owner(), prediction.task(), prediction.mode(),
                prediction.input(), prediction.cost(), prediction.estimatedSeconds(), prediction.webhook(),
                prediction.webhookEventsFilter(), prediction.createdAt());
    }

    public Prediction toPrediction() {
        return Prediction.requested(predictionId, userId, task, mode, input, cost, estimatedSeconds, webhook,
                webhookEventsFilter, createdAt);
    }
}
