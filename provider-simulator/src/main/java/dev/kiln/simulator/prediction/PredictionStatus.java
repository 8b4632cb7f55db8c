package dev.kiln.simulator.prediction;

import java.util.Locale;

/** Replicate's statuses: two while running, three terminal ones that never change again. */
public enum PredictionStatus {
    STARTING, PROCESSING, SUCCEEDED, FAILED, CANCELED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
