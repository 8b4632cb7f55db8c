package dev.kiln.gateway.events;

import java.time.Instant;

/** prediction.progressed: the provider reports the job starting or running. */
public record PredictionProgressed(
        String predictionId,
        String provider,
        String providerPredictionId,
        String status,
        String logs,
        Instant startedAt,
        Instant occurredAt) {

    public static final String TYPE = "prediction.progressed";
}
