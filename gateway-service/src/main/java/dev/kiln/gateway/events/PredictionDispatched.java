package dev.kiln.gateway.events;

import java.time.Instant;

/** prediction.dispatched: the provider accepted the job; maps the provider's prediction id to ours. */
public record PredictionDispatched(
        String predictionId,
        String provider,
        String providerPredictionId,
        String model,
        int attempt,
        Instant occurredAt) {

    public static final String TYPE = "prediction.dispatched";
}
