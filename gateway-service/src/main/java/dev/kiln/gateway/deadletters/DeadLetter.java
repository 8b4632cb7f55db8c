package dev.kiln.gateway.deadletters;

import java.time.Instant;
import java.util.Map;

/**
 * A dead-lettered record as an operator sees it: where it is, where it was read, why it was given up, the event
 * itself (key, headers, value as text) and whether it was replayed.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        Instant deadLetteredAt,
        String key,
        Original original,
        Failure failure,
        Map<String, String> headers,
        String value,
        Replay replay) {

    /** Where the consumer read the record. */
    public record Original(String topic, Integer partition, Long offset) {
    }

    /** Why it was given up. */
    public record Failure(String reason, String cause, String exception) {
    }

    /** A replay: when, by whom, and the record it wrote. */
    public record Replay(Instant replayedAt, String replayedBy, String topic, int partition, long offset) {
    }
}
