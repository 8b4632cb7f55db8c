package dev.kiln.simulator.prediction;

import java.util.Locale;

/**
 * Replicate's statuses: two while running, four terminal ones that never change again ({@code aborted}: the
 * Cancel-After deadline passed before the run started).
 */
public enum PredictionStatus {
    STARTING, PROCESSING, SUCCEEDED, FAILED, CANCELED, ABORTED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == ABORTED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
