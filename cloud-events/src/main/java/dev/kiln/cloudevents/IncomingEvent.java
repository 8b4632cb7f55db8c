package dev.kiln.cloudevents;

import java.util.regex.Pattern;

/** An event a service reads, which can tell whether it holds what processing it needs. */
public interface IncomingEvent {

    /** A Kiln prediction id: 26 characters of lowercase base32 (docs/asyncapi.yaml, PredictionId). */
    Pattern PREDICTION_ID = Pattern.compile("[a-z2-7]{26}");

    /** Throws {@link UnreadableEventException} unless the event can be processed. */
    void check();

    static void checkPredictionId(String predictionId) {
        if (predictionId == null || !PREDICTION_ID.matcher(predictionId).matches()) {
            throw new UnreadableEventException("prediction_id is not a Kiln prediction id: " + predictionId);
        }
    }

    static void checkPresent(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException(field + " is missing");
        }
    }
}
