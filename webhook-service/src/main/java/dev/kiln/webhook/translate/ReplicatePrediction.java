package dev.kiln.webhook.translate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of a Replicate webhook (the prediction object), limited to what Kiln reads. {@code output} and
 * {@code error} stay JSON because models return a string, a list or an object there.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicatePrediction(
        String id,
        String status,
        JsonNode output,
        String logs,
        JsonNode error,
        Metrics metrics,
        String startedAt,
        String completedAt) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metrics(Double predictTime, Double totalTime) {
    }

    /**
     * Reads a verified body.
     *
     * @throws UntranslatableCallbackException when it is not a prediction object with an id
     */
    public static ReplicatePrediction parse(ObjectMapper json, String body) {
        ReplicatePrediction prediction;
        try {
            prediction = json.readValue(body, ReplicatePrediction.class);
        } catch (JsonProcessingException e) {
            throw new UntranslatableCallbackException("The body is not a prediction object: " + e.getOriginalMessage());
        }
        if (prediction == null || prediction.id() == null || prediction.id().isBlank()) {
            throw new UntranslatableCallbackException("The prediction object has no id");
        }
        return prediction;
    }

    /** A status Replicate documents (the translation knows each). */
    public boolean documentedStatus() {
        return finished() || "starting".equals(status) || "processing".equals(status);
    }

    /** Replicate's terminal statuses, {@code aborted} included (a deadline hit before the run started). */
    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status)
                || "aborted".equals(status);
    }
}
