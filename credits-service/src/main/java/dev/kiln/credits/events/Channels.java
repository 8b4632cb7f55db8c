package dev.kiln.credits.events;

/** The channels of this service, each named after its topic (see docs/asyncapi.yaml). */
public final class Channels {

    public static final String PREDICTION_REQUESTED = "prediction-requested";
    public static final String PREDICTION_COMPLETED = "prediction-completed";
    public static final String PREDICTION_STORED = "prediction-stored";
    public static final String CREDITS_RESERVATIONS = "credits-reservations";
    public static final String CREDITS_SETTLEMENTS = "credits-settlements";

    private Channels() {
    }
}
