package dev.kiln.webhook.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** asyncapi PredictionDispatched, as the gateway publishes it: which provider prediction runs which of ours. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionDispatched(
        String predictionId,
        String provider,
        String providerPredictionId,
        String model,
        int attempt,
        Instant occurredAt) {
}
