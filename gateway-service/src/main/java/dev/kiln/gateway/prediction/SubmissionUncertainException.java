package dev.kiln.gateway.prediction;

/**
 * Kafka did not confirm prediction.requested, and the record may have been written nonetheless (the broker's answer
 * was lost or late): the prediction may run. Its status is kept, and a retry with the same Idempotency-Key submits
 * the same prediction again (every consumer takes a prediction once), so that a client never starts two.
 */
public class SubmissionUncertainException extends RuntimeException {

    private final String predictionId;

    public SubmissionUncertainException(String predictionId, Throwable cause) {
        super("The event log did not confirm the prediction " + predictionId + " in time: it may have been accepted.",
                cause);
        this.predictionId = predictionId;
    }

    public String predictionId() {
        return predictionId;
    }
}
