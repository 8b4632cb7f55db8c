package dev.kiln.storage.events;

import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.storage.store.PredictionOutputs;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores the outputs of each succeeded prediction and publishes the outcome; other outcomes are acknowledged and
 * left alone. A provider problem (a foreign host, not an image, too big, still failing after the download retries)
 * is an outcome: prediction.storage_failed. Our own infrastructure failing (S3, PostgreSQL, Kafka) is not the
 * prediction's fault: the whole record is retried, resuming after the outputs already stored, and after the last
 * retry it goes to prediction.completed.dlq so that it can be replayed.
 */
@ApplicationScoped
public class PredictionCompletedConsumer {

    private static final Pattern PREDICTION_ID = Pattern.compile("[a-z0-9]{26}");

    private final PredictionOutputs outputs;
    private final StorageEvents events;
    private final ObjectMapper json;

    PredictionCompletedConsumer(PredictionOutputs outputs, StorageEvents events, ObjectMapper json) {
        this.outputs = outputs;
        this.events = events;
        this.json = json;
    }

    // Downloads and S3 calls block: a pool of workers, not the event loop, and records of different predictions in
    // parallel (its size is smallrye.messaging.worker.storage-workers.max-concurrency).
    @Incoming(Channels.PREDICTION_COMPLETED)
    @Blocking(value = "storage-workers", ordered = false)
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200, abortOn = MalformedEvent.class)
    @ExponentialBackoff
    public void onCompleted(String record) {
        PredictionCompleted completed = parse(record);
        if (!completed.succeeded()) {
            return;
        }
        events.publish(completed.predictionId(), outputs.store(completed.predictionId(), completed.outputs()));
    }

    private PredictionCompleted parse(String record) {
        if (record == null) {
            throw new MalformedEvent("prediction.completed without a value", null);
        }
        PredictionCompleted completed;
        try {
            completed = json.readValue(record, PredictionCompleted.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEvent("prediction.completed is not the JSON of docs/asyncapi.yaml", e);
        }
        // The id becomes part of object keys: nothing but a real prediction id may get there.
        if (completed.predictionId() == null || !PREDICTION_ID.matcher(completed.predictionId()).matches()) {
            throw new MalformedEvent("prediction.completed has no valid prediction_id", null);
        }
        if (completed.status() == null) {
            throw new MalformedEvent("prediction.completed " + completed.predictionId() + " has no status", null);
        }
        return completed;
    }
}
