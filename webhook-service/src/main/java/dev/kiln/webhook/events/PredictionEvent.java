package dev.kiln.webhook.events;

import java.util.regex.Pattern;

/** What a verified provider callback becomes: progress, or the terminal outcome. */
public sealed interface PredictionEvent permits PredictionProgressed, PredictionCompleted {

    /** Kiln's prediction ids: 26 characters of lowercase base32 (docs/asyncapi.yaml). */
    Pattern PREDICTION_ID = Pattern.compile("[a-z2-7]{26}");

    /** Kiln's prediction id: the record key and the CloudEvents subject. */
    String predictionId();
}
