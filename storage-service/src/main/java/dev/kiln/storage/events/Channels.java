package dev.kiln.storage.events;

/**
 * The Kafka vocabulary of storage-service: each channel is named after its topic (application.properties maps one
 * to the other), and ce_type names the event inside. Tests use the same constants.
 */
public final class Channels {

    public static final String PREDICTION_COMPLETED = "prediction-completed";
    public static final String PREDICTION_COMPLETED_TOPIC = "prediction.completed";
    public static final String PREDICTION_COMPLETED_TYPE = "prediction.completed";

    public static final String PREDICTION_STORED = "prediction-stored";
    public static final String PREDICTION_STORED_TOPIC = "prediction.stored";
    public static final String PREDICTION_STORED_TYPE = "prediction.stored";
    public static final String PREDICTION_STORAGE_FAILED_TYPE = "prediction.storage_failed";

    private Channels() {
    }
}
