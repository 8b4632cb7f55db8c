package dev.kiln.webhook.events;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** asyncapi PredictionProgressed: the provider started or is processing the prediction. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionProgressed(
        String predictionId,
        String provider,
        String providerPredictionId,
        String status,
        String logs,
        Instant startedAt,
        Instant occurredAt) implements PredictionEvent {
}
