package dev.kiln.gateway.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

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
        Instant createdAt,
        /** When the prediction ends if it has not finished: its Cancel-After, or the global maximum. */
        Instant deadline) {

    public static final String TYPE = "prediction.requested";
}
