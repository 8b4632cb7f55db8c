package dev.kiln.gateway.events;

/** The gateway's channels, each named after its topic (see application.properties and docs/asyncapi.yaml). */
public final class Channels {

    public static final String PREDICTION_REQUESTED = "prediction-requested";
    public static final String PREDICTION_REQUESTED_RECORDS = "prediction-requested-records";
    public static final String CREDITS_RESERVATIONS = "credits-reservations";
    public static final String PREDICTION_DISPATCHED = "prediction-dispatched";
    public static final String PREDICTION_PROGRESSED = "prediction-progressed";
    public static final String PREDICTION_COMPLETED = "prediction-completed";
    public static final String PREDICTION_COMPLETED_OUT = "prediction-completed-out";
    public static final String PREDICTION_STORED = "prediction-stored";

    private Channels() {
    }
}
