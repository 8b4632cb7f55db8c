package dev.kiln.gateway.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * prediction.completed: the terminal outcome. From webhook-service for what the provider reports, and from the
 * gateway for outcomes decided without the provider (canceled before dispatch, credits rejected, no provider).
 */
public record PredictionCompleted(
        String predictionId,
        String provider,
        String providerPredictionId,
        String status,
        List<String> output,
        ErrorDetail error,
        String logs,
        Map<String, Double> metrics,
        Instant startedAt,
        Instant completedAt,
        Instant occurredAt) {

    public static final String TYPE = "prediction.completed";

    /** Why a prediction failed: a stable code and a message for people. */
    public record ErrorDetail(String code, String message) {
    }

    /** An outcome the gateway decided itself, before or without any provider prediction. */
    public static PredictionCompleted decidedByGateway(String predictionId, String status, ErrorDetail error,
            Instant at) {
        return new PredictionCompleted(predictionId, null, null, status, null, error, null, null, null, at, at);
    }
}
