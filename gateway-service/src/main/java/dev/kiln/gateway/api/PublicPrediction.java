package dev.kiln.gateway.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
        /** While it waits for dispatch: how many accepted before it still wait (0: next); null after (as fal's). */
        Integer queuePosition,
        /** Until it ends: when it is expected to be complete, from its mode's recent run times (docs: eta); null after. */
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
