package dev.kiln.simulator.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Replicate's webhook events. Without a webhook_events_filter Replicate sends output and completed only. */
public enum WebhookEvent {
    START, OUTPUT, LOGS, COMPLETED;

    public static final List<WebhookEvent> DEFAULT_FILTER = List.of(OUTPUT, COMPLETED);

    public static Optional<WebhookEvent> parse(String value) {
        for (WebhookEvent event : values()) {
            if (event.wireName().equals(value)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
