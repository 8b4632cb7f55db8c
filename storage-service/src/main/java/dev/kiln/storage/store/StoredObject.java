package dev.kiln.storage.store;

/** Output {@code index} of a prediction, as it lies in the bucket under {@code key}. */
public record StoredObject(String predictionId, int index, String key, String contentType, long sizeBytes,
        String sha256, String sourceUrl) {
}
