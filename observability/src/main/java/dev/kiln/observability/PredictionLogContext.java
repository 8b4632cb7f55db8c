package dev.kiln.observability;

import java.util.regex.Pattern;

import org.jboss.logging.MDC;

import io.quarkus.vertx.core.runtime.VertxMDC;

/**
 * The prediction id on every log line about a prediction: the MDC key {@value #KEY}, which the local log format prints
 * and the JSON log format writes in its {@code mdc} object. Quarkus keeps MDC in the Vert.x duplicated context of the
 * request or record being processed (VertxMDC), so the value follows that request or record to the worker threads
 * and event loops it runs on, and never leaks to the next one.
 */
public final class PredictionLogContext {

    /** The MDC key, the same in every service. */
    public static final String KEY = "predictionId";

    /** A Kiln prediction id (docs/asyncapi.yaml, PredictionId): only such a value is ever put, never free text. */
    private static final Pattern PREDICTION_ID = Pattern.compile("[a-z2-7]{26}");

    private PredictionLogContext() {
    }

    /** Puts the id for the request or record being processed now; a value that is no prediction id is ignored. */
    public static void put(String predictionId) {
        if (isPredictionId(predictionId)) {
            MDC.put(KEY, predictionId);
        }
    }

    /** Puts the id into the given duplicated context: that of a record before its consumer method runs. */
    static void put(String predictionId, io.vertx.core.Context context) {
        if (isPredictionId(predictionId)) {
            VertxMDC.INSTANCE.put(KEY, predictionId, context);
        }
    }

    static boolean isPredictionId(String value) {
        return value != null && PREDICTION_ID.matcher(value).matches();
    }
}
