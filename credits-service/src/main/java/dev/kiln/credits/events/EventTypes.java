package dev.kiln.credits.events;

/** The CloudEvents ce_type of each event this service reads or writes (see docs/asyncapi.yaml). */
public final class EventTypes {

    public static final String PREDICTION_REQUESTED = "prediction.requested";
    public static final String PREDICTION_COMPLETED = "prediction.completed";
    public static final String PREDICTION_STORED = "prediction.stored";
    public static final String PREDICTION_STORAGE_FAILED = "prediction.storage_failed";
    public static final String CREDITS_RESERVED = "credits.reserved";
    public static final String CREDITS_REJECTED = "credits.rejected";
    public static final String CREDITS_CONFIRMED = "credits.confirmed";
    public static final String CREDITS_REFUNDED = "credits.refunded";

    private EventTypes() {
    }
}
