package dev.kiln.simulator.prediction;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Replicate's prediction object, field for field: the body of GET /v1/predictions/{id} and of every webhook.
 * Absent values are JSON nulls, as Replicate sends them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PredictionView(
        String id,
        String model,
        String version,
        JsonNode input,
        List<String> output,
        String logs,
        String error,
        String status,
        String createdAt,
        String startedAt,
        String completedAt,
        boolean dataRemoved,
        String source,
        Metrics metrics,
        Urls urls,
        String webhook,
        List<String> webhookEventsFilter) {

    /** Seconds, known once the prediction finished; an empty object before. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metrics(Double predictTime, Double totalTime) {
    }

    /** No "stream": the simulator does not stream output. */
    public record Urls(String get, String cancel) {
    }
}
