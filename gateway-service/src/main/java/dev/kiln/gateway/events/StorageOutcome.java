package dev.kiln.gateway.events;

import java.time.Instant;
import java.util.List;

/** An event of prediction.stored: prediction.stored with our URLs, or prediction.storage_failed with a reason. */
public record StorageOutcome(
        String predictionId,
        List<String> output,
        String reason,
        Instant occurredAt) {

    public static final String STORED = "prediction.stored";
    public static final String STORAGE_FAILED = "prediction.storage_failed";
}
