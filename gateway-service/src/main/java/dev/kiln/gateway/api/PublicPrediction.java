package dev.kiln.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StepProgress;

/** The prediction object of the public API, in Replicate's vocabulary (snake_case on the wire). */
public record PublicPrediction(
        String id,
        String task,
        String mode,
        PredictionStatus status,
        JsonNode input,
        List<String> output,
        PredictionError error,
        String logs,
        /** From 0 to 1: the last progress bar line of the logs (steps done over steps), null before there is one. */
        Double progress,
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
        Urls urls) {

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
        return new PublicPrediction(prediction.id(), prediction.task(), prediction.mode(), prediction.status(),
                prediction.input(), prediction.output(), prediction.error(), prediction.logs(),
                StepProgress.fromLogs(prediction.logs()), prediction.metrics(),
                prediction.estimatedSeconds(), queuePosition, eta, prediction.createdAt(), prediction.startedAt(),
                prediction.completedAt(), prediction.deadline(), new Urls(self, self + "/cancel", self + "/events"));
    }
}
