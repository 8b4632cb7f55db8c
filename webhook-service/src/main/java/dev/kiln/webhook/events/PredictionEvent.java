package dev.kiln.webhook.events;

/** What a verified provider callback becomes: progress, or the terminal outcome. */
public sealed interface PredictionEvent permits PredictionProgressed, PredictionCompleted {

    /** Kiln's prediction id: the record key and the CloudEvents subject. */
    String predictionId();
}
