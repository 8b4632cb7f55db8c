package dev.kiln.storage.events;

import java.time.Instant;

/** prediction.storage_failed (docs/asyncapi.yaml, PredictionStorageFailed): the outputs could not be stored. */
public record PredictionStorageFailed(String predictionId, String reason, Instant occurredAt) {
}
