package dev.kiln.gateway.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * A dead-lettered record as an operator sees it: where it is, where it was read, why and by which consumer it was
 * given up, the event itself (key, headers, value as text) and whether it was replayed.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        Instant deadLetteredAt,
        String key,
        Original original,
        Failure failure,
        Consumer consumer,
        Map<String, String> headers,
        String value,
        Replay replay) {

    /** Where the consumer read the record. */
    public record Original(String topic, Integer partition, Long offset) {
    }

    /** Why it was given up. */
    public record Failure(String reason, String cause, String exception) {
    }

    /**
     * The consumer that gave up: {@code <service>/<channel>}, its group and how often it tried (Kiln's headers,
     * kiln-cloud-events' DeadLetterContext). Null fields when the record never reached a consumer (unreadable bytes)
     * or was dead-lettered before Kiln's consumers said so.
     */
    public record Consumer(String name, String group, Integer attempts) {
    }

    /** A replay: when, by whom, and the record it wrote. */
    public record Replay(Instant replayedAt, String replayedBy, String topic, int partition, long offset) {
    }
}
