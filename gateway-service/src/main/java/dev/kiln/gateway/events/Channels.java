package dev.kiln.gateway.events;

/**
 * The gateway's channels, each named after its topic (see application.properties and docs/asyncapi.yaml). The
 * gateway both consumes and publishes prediction.requested and prediction.completed; a channel has one direction
 * only, so the outgoing one of those two is {@code <topic>-publish}.
 */
public final class Channels {

    public static final String PREDICTION_REQUESTED = "prediction-requested";
    public static final String PREDICTION_REQUESTED_PUBLISH = "prediction-requested-publish";
    public static final String CREDITS_RESERVATIONS = "credits-reservations";
    public static final String PREDICTION_DISPATCHED = "prediction-dispatched";
    public static final String PREDICTION_PROGRESSED = "prediction-progressed";
    public static final String PREDICTION_COMPLETED = "prediction-completed";
    public static final String PREDICTION_COMPLETED_PUBLISH = "prediction-completed-publish";
    public static final String PREDICTION_STORED = "prediction-stored";

    /**
     * The status topics again, read by every replica with a consumer group of its own for the live status streams
     * (live.LiveSignals); {@code <topic>-live}, since a channel has one consumer group.
     */
    public static final String PREDICTION_PROGRESSED_LIVE = "prediction-progressed-live";
    public static final String PREDICTION_COMPLETED_LIVE = "prediction-completed-live";
    public static final String PREDICTION_STORED_LIVE = "prediction-stored-live";

    private Channels() {
    }
}
