package dev.kiln.gateway.prediction;

import dev.kiln.gateway.events.PredictionCompleted;

/** Why a prediction failed: a stable machine-readable code and a message for people. */
public record PredictionError(String code, String message) {

    public static final String INSUFFICIENT_CREDITS = "insufficient_credits";
    public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
    public static final String PROVIDER_REJECTED = "provider_rejected";
    public static final String STORAGE_FAILED = "storage_failed";
    /** The caller's Cancel-After passed before the prediction started (aborted). */
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    /** The global maximum passed: aborted before the start, failed after it. */
    public static final String TIMED_OUT = "timed_out";

    /** The error as prediction.completed carries it. */
    public PredictionCompleted.ErrorDetail toEventDetail() {
        return new PredictionCompleted.ErrorDetail(code, message);
    }
}
