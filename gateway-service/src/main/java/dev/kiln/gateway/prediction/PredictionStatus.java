package dev.kiln.gateway.prediction;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Replicate's status vocabulary. A prediction only moves forward, and a terminal status never changes again.
 * {@code aborted}: its deadline passed before it started running (docs/gateway-service.md#deadlines).
 */
public enum PredictionStatus {
    STARTING(0),
    PROCESSING(1),
    SUCCEEDED(2),
    FAILED(2),
    CANCELED(2),
    ABORTED(2);

    private final int stage;

    PredictionStatus(int stage) {
        this.stage = stage;
    }

    public boolean isTerminal() {
        return stage == 2;
    }

    /** Whether a prediction in this status may move to {@code next}. */
    public boolean canMoveTo(PredictionStatus next) {
        return !isTerminal() && next.stage > stage;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase();
    }

    public static PredictionStatus fromWireName(String name) {
        return valueOf(name.toUpperCase());
    }
}
