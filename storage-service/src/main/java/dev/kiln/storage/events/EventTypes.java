package dev.kiln.storage.events;

/** The CloudEvents ce_type of each event this service reads or writes (see docs/asyncapi.yaml). */
public final class EventTypes {

    public static final String PREDICTION_COMPLETED = "prediction.completed";
    public static final String PREDICTION_STORED = "prediction.stored";
    public static final String PREDICTION_STORAGE_FAILED = "prediction.storage_failed";

    private EventTypes() {
    }
}
