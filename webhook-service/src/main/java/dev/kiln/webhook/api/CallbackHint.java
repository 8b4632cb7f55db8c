package dev.kiln.webhook.api;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import dev.kiln.webhook.events.PredictionEvent;

/**
 * The {@code prediction_id} and {@code attempt} that the gateway put in the webhook URL. The signature does not cover
 * the URL, so this is only a hint: it may point out a stray, never route an event.
 */
record CallbackHint(Optional<String> predictionId, OptionalInt attempt) {

    private static final Pattern ATTEMPT = Pattern.compile("[1-9][0-9]{0,8}");

    /** Values that are not well-formed are ignored rather than rejected: a hint never fails a webhook. */
    static CallbackHint of(String predictionId, String attempt) {
        return new CallbackHint(
                Optional.ofNullable(predictionId).filter(id -> PredictionEvent.PREDICTION_ID.matcher(id).matches()),
                attempt != null && ATTEMPT.matcher(attempt).matches()
                        ? OptionalInt.of(Integer.parseInt(attempt)) : OptionalInt.empty());
    }
}
