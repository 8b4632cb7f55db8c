package dev.kiln.storage.events;

import java.util.List;

/**
 * The part of prediction.completed that storage-service reads (docs/asyncapi.yaml, PredictionCompleted); the other
 * fields are ignored.
 */
public record PredictionCompleted(String predictionId, String status, List<String> output) {

    public static final String SUCCEEDED = "succeeded";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    /** The provider's output URLs in order; none when the provider gave none. */
    public List<String> outputs() {
        return output == null ? List.of() : output;
    }
}
