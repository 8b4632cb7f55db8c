package dev.kiln.webhook.events;

/**
 * The Kafka channels of webhook-service, each named after its topic (docs/asyncapi.yaml). Tests reuse them.
 */
public final class Channels {

    public static final String PREDICTION_DISPATCHED = "prediction-dispatched";
    public static final String PREDICTION_PROGRESSED = "prediction-progressed";
    public static final String PREDICTION_COMPLETED = "prediction-completed";

    public static final String PREDICTION_DISPATCHED_TOPIC = "prediction.dispatched";
    public static final String PREDICTION_PROGRESSED_TOPIC = "prediction.progressed";
    public static final String PREDICTION_COMPLETED_TOPIC = "prediction.completed";

    /** The CloudEvents types (ce_type); each of these topics carries one. */
    public static final String PREDICTION_DISPATCHED_TYPE = "prediction.dispatched";
    public static final String PREDICTION_PROGRESSED_TYPE = "prediction.progressed";
    public static final String PREDICTION_COMPLETED_TYPE = "prediction.completed";

    private Channels() {
    }
}
