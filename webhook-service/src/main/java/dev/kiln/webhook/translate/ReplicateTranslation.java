package dev.kiln.webhook.translate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.events.PredictionCompleted;
import dev.kiln.webhook.events.PredictionCompleted.ErrorDetail;
import dev.kiln.webhook.events.PredictionCompleted.Metrics;
import dev.kiln.webhook.events.PredictionEvent;
import dev.kiln.webhook.events.PredictionProgressed;

/** Turns Replicate's prediction object into Kiln's provider-neutral events (docs/asyncapi.yaml). */
public final class ReplicateTranslation {

    static final String FAILED_CODE = "prediction_failed";
    static final String CANCELED_CODE = "canceled";
    /** The gateway's error code for a Cancel-After deadline that passed before the start (docs/asyncapi.yaml). */
    static final String DEADLINE_CODE = "deadline_exceeded";

    private ReplicateTranslation() {
    }

    /**
     * The event for a callback of the provider prediction that {@code dispatch} created.
     *
     * @throws UntranslatableCallbackException for a status Replicate does not document
     */
    public static PredictionEvent translate(ReplicatePrediction body, DispatchRecord dispatch, Instant now) {
        String status = body.status() == null ? "" : body.status();
        return switch (status) {
            case "starting", "processing" -> new PredictionProgressed(dispatch.predictionId(), dispatch.provider(),
                    body.id(), status, body.logs(), instant(body.startedAt()), now);
            case "succeeded" -> completed(body, dispatch, "succeeded", outputUrls(body.output()), null, now);
            case "failed" -> completed(body, dispatch, "failed", null,
                    new ErrorDetail(FAILED_CODE, failureMessage(body.error())), now);
            case "canceled" -> completed(body, dispatch, "canceled", null,
                    new ErrorDetail(CANCELED_CODE, "The prediction was canceled at the provider."), now);
            // The create's Cancel-After (the prediction's deadline) passed before the run started: never charged.
            case "aborted" -> completed(body, dispatch, "aborted", null,
                    new ErrorDetail(DEADLINE_CODE, "The deadline passed before the prediction started."), now);
            default -> throw new UntranslatableCallbackException("unknown prediction status '" + status + "'");
        };
    }

    private static PredictionCompleted completed(ReplicatePrediction body, DispatchRecord dispatch, String status,
            List<String> output, ErrorDetail error, Instant now) {
        return new PredictionCompleted(dispatch.predictionId(), dispatch.provider(), body.id(), status, output, error,
                body.logs(), metrics(body.metrics()), instant(body.startedAt()), instant(body.completedAt()), now);
    }

    /** Image models answer one URL or a list of them; anything that is not text is not a file URL. */
    private static List<String> outputUrls(JsonNode output) {
        if (output == null || output.isNull()) {
            return null;
        }
        List<String> urls = new ArrayList<>();
        if (output.isTextual()) {
            urls.add(output.asText());
        } else if (output.isArray()) {
            output.forEach(item -> {
                if (item.isTextual()) {
                    urls.add(item.asText());
                }
            });
        }
        return urls;
    }

    private static String failureMessage(JsonNode error) {
        if (error == null || error.isNull()) {
            return "The provider reported a failure without a reason.";
        }
        return error.isTextual() ? error.asText() : error.toString();
    }

    private static Metrics metrics(ReplicatePrediction.Metrics metrics) {
        if (metrics == null || metrics.predictTime() == null && metrics.totalTime() == null) {
            return null;
        }
        return new Metrics(metrics.predictTime(), metrics.totalTime());
    }

    /** Replicate writes microseconds and sometimes an offset instead of Z; an unreadable time is left out. */
    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
