package dev.kiln.gateway.api;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StepProgress;
import dev.kiln.gateway.tasks.Models;

/**
 * The prediction object of the public API, in Replicate's shape wherever a Replicate client reads it (snake_case on
 * the wire): {@code model}, {@code version}, {@code error} as a string, {@code metrics}, {@code urls},
 * {@code data_removed}, {@code source}; Kiln's own fields beside them.
 */
public record PublicPrediction(
        String id,
        @Schema(description = "The model that runs it, kiln/{task}-{mode}", example = "kiln/jersey-speed")
        String model,
        @Schema(description = "The model's version id (GET /v1/tasks lists each mode's)",
                example = "04a344998a6c13530fda6dfaa526a641ca64d2187d53313712743f834090501d")
        String version,
        String task,
        String mode,
        PredictionStatus status,
        JsonNode input,
        List<String> output,
        @Schema(description = "Why it failed or was aborted, for people, as Replicate gives it; null otherwise",
                example = "This prediction costs 4 credits and 1 are available.")
        String error,
        @Schema(description = "Kiln's stable machine code of the error (docs/errors.md): switch on this, not on error",
                example = "insufficient_credits")
        String errorCode,
        String logs,
        /** From 0 to 1: the last progress bar line of the logs (steps done over steps), null before there is one. */
        Double progress,
        @Schema(description = "predict_time (the run at the provider) and total_time (created_at to completed_at),"
                + " in seconds, as Replicate; null until there is one")
        Map<String, Double> metrics,
        int estimatedSeconds,
        @Schema(nullable = true, example = "2", description = "While it waits for dispatch: how many predictions"
                + " accepted before it still wait (0: it is next), as fal's queue_position; null once its job is at"
                + " the provider, and once it has ended.")
        Integer queuePosition,
        @Schema(nullable = true, example = "2026-12-03T10:00:06.2Z", description = "Until it ends: when it is"
                + " expected to be complete, from its mode's recent run times at the 90th percentile (its"
                + " estimated_seconds until there are enough); in the past when it runs late; null once it has ended.")
        Instant eta,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        /** When it ends if it has not finished: its Cancel-After, or the global maximum (docs: deadlines). */
        Instant deadline,
        @Schema(description = "Always false: Kiln keeps inputs and outputs (Replicate removes them after an hour)")
        boolean dataRemoved,
        @Schema(description = "Always api, as Replicate says of a prediction made through its API", example = "api")
        String source,
        Urls urls) {

    static final String SOURCE = "api";

    /**
     * Where the client polls, cancels and follows the live status (Server-Sent Events); absolute, so that a client
     * can follow them as they are.
     */
    public record Urls(String get, String cancel, String stream) {
    }

    public static PublicPrediction of(Prediction prediction, String publicUrl) {
        return of(prediction, publicUrl, null, null);
    }

    public static PublicPrediction of(Prediction prediction, String publicUrl, Integer queuePosition, Instant eta) {
        String self = publicUrl + "/v1/predictions/" + prediction.id();
        PredictionError error = prediction.error();
        return new PublicPrediction(prediction.id(), Models.name(prediction.task(), prediction.mode()),
                Models.version(prediction.task(), prediction.mode()), prediction.task(), prediction.mode(),
                prediction.status(), prediction.input(), prediction.output(),
                error == null ? null : error.message() != null ? error.message() : error.code(),
                error == null ? null : error.code(), prediction.logs(),
                StepProgress.fromLogs(prediction.logs()), metrics(prediction),
                prediction.estimatedSeconds(), queuePosition, eta, prediction.createdAt(), prediction.startedAt(),
                prediction.completedAt(), prediction.deadline(), false, SOURCE,
                new Urls(self, self + "/cancel", self + "/events"));
    }

    /**
     * The provider's metrics, with Replicate's two times filled in where the provider left them out: predict_time
     * from started_at to completed_at, and total_time always from Kiln's own created_at to completed_at (the
     * provider's counts from its create, which comes after Kiln's queue and credits).
     */
    private static Map<String, Double> metrics(Prediction prediction) {
        Map<String, Double> metrics = prediction.metrics() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(prediction.metrics());
        if (!metrics.containsKey("predict_time") && prediction.startedAt() != null
                && prediction.completedAt() != null) {
            metrics.put("predict_time", seconds(prediction.startedAt(), prediction.completedAt()));
        }
        if (prediction.completedAt() != null && prediction.createdAt() != null) {
            metrics.put("total_time", seconds(prediction.createdAt(), prediction.completedAt()));
        }
        return metrics.isEmpty() ? null : metrics;
    }

    /** Whole milliseconds, rounded: the stored times may have lost their last digits (PostgreSQL keeps micros). */
    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Math.round(Duration.between(from, to).toNanos() / 1_000_000.0)) / 1000.0;
    }
}
