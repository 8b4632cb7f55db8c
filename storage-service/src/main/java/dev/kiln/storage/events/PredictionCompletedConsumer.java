package dev.kiln.storage.events;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import dev.kiln.storage.store.PredictionOutputs;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores the outputs of each succeeded prediction and publishes the outcome; other outcomes are acknowledged and
 * left alone. A provider problem (a foreign host, not an image, too big, still failing after the download retries)
 * is an outcome: prediction.storage_failed. Our own infrastructure failing (S3, PostgreSQL, Kafka) is not the
 * prediction's fault: the whole record is retried until it succeeds (a patient consumer, issue 8: the global policy
 * in application.properties, capped backoff, never acked or dead-lettered meanwhile), resuming after the outputs
 * already stored. Only a record that can never be read goes to prediction.completed.dlq, at once.
 */
@ApplicationScoped
@CountedAttempts
public class PredictionCompletedConsumer {

    private final EventReader reader;
    private final PredictionOutputs outputs;
    private final PredictionStoredPublisher publisher;

    PredictionCompletedConsumer(EventReader reader, PredictionOutputs outputs, PredictionStoredPublisher publisher) {
        this.reader = reader;
        this.outputs = outputs;
        this.publisher = publisher;
    }

    // Downloads and S3 calls block: a pool of workers, not the event loop, and records of different predictions in
    // parallel (its size is smallrye.messaging.worker.storage-workers.max-concurrency).
    @Incoming(Channels.PREDICTION_COMPLETED)
    @Blocking(value = "storage-workers", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void onCompleted(String value) {
        PredictionCompleted completed = reader.read(value, PredictionCompleted.class);
        if (!completed.succeeded()) {
            return;
        }
        publisher.publish(completed.predictionId(),
                outputs.store(completed.predictionId(), completed.outputs(), completed.completedAt()));
    }
}
