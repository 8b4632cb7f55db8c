package dev.kiln.gateway.clientwebhooks;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionStatus;

/**
 * The events a caller's webhook can ask for ({@code webhook_events_filter}), as Replicate names them: {@code start}
 * when the prediction starts processing, {@code output} when its output appears or changes, {@code logs} when its
 * logs change, {@code completed} when it reaches a terminal status.
 */
public enum WebhookEvent {
    START, OUTPUT, LOGS, COMPLETED;

    /** Replicate's default filter: a webhook without one gets the output and the end. */
    public static final List<String> DEFAULT_FILTER = List.of("output", "completed");

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WebhookEvent> ofWireName(String name) {
        for (WebhookEvent event : values()) {
            if (event.wireName().equals(name)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /**
     * The one event that a change of the prediction sends, if the filter asks for any: a change sends one message,
     * named after the most telling thing it did. The end is {@code completed} (or {@code output}, for a filter that
     * wants the output and not the end); otherwise the start of processing, then new output, then new logs.
     */
    public static Optional<WebhookEvent> of(Prediction before, Prediction after, Collection<String> filter) {
        Collection<String> wanted = filter == null || filter.isEmpty() ? DEFAULT_FILTER : filter;
        boolean ended = after.status().isTerminal() && !before.status().isTerminal();
        boolean started = after.status() == PredictionStatus.PROCESSING && before.status() != PredictionStatus.PROCESSING;
        boolean newOutput = after.output() != null && !after.output().isEmpty()
                && !Objects.equals(before.output(), after.output());
        boolean newLogs = after.logs() != null && !Objects.equals(before.logs(), after.logs());
        Stream<WebhookEvent> candidates;
        if (ended) {
            candidates = newOutput ? Stream.of(COMPLETED, OUTPUT) : Stream.of(COMPLETED);
        } else if (after.status().isTerminal()) {
            candidates = Stream.empty(); // facts filled in after the end: the completed message has gone
        } else {
            candidates = Stream.of(started ? START : null, newOutput ? OUTPUT : null, newLogs ? LOGS : null)
                    .filter(Objects::nonNull);
        }
        return candidates.filter(event -> wanted.contains(event.wireName())).findFirst();
    }
}
