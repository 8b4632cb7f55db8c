package dev.kiln.webhook.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** asyncapi PredictionCompleted: the provider reached a terminal outcome (succeeded, failed or canceled). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionCompleted(
        String predictionId,
        String provider,
        String providerPredictionId,
        String status,
        List<String> output,
        ErrorDetail error,
        String logs,
        Metrics metrics,
        Instant startedAt,
        Instant completedAt,
        Instant occurredAt) implements PredictionEvent {

    /** A stable, machine-readable code and the provider's words. */
    public record ErrorDetail(String code, String message) {
    }

    /** Seconds; a time the provider did not report is left out rather than sent as null (the schema wants numbers). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(Double predictTime, Double totalTime) {
    }
}
