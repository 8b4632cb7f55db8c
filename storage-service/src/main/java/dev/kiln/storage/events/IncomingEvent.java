package dev.kiln.storage.events;

import java.util.regex.Pattern;

/** An event this service reads, which can tell whether it holds what processing it needs. */
interface IncomingEvent {

    /** A Kiln prediction id: 26 characters of lowercase base32 (docs/asyncapi.yaml, PredictionId). */
    Pattern PREDICTION_ID = Pattern.compile("[a-z2-7]{26}");

    /** Throws {@link UnreadableEventException} unless the event can be processed. */
    void check();

    static void checkPredictionId(String predictionId) {
        if (predictionId == null || !PREDICTION_ID.matcher(predictionId).matches()) {
            throw new UnreadableEventException("prediction_id is not a Kiln prediction id: " + predictionId);
        }
    }
}
