package dev.kiln.storage.events;

/** The channels of this service, each named after its topic (see docs/asyncapi.yaml). Tests use the same constants. */
public final class Channels {

    public static final String PREDICTION_COMPLETED = "prediction-completed";
    public static final String PREDICTION_STORED = "prediction-stored";

    private Channels() {
    }
}
