package dev.kiln.storage.events;

import java.time.Instant;
import java.util.List;

/** prediction.stored (docs/asyncapi.yaml, PredictionStored): the outputs are in our bucket. */
public record PredictionStored(String predictionId, List<StoredOutput> objects, List<String> output,
        Instant occurredAt) {

    /** One output as stored (StoredObject in the contract). */
    public record StoredOutput(int index, String key, String url, String contentType, long sizeBytes,
            String sha256) {
    }
}
