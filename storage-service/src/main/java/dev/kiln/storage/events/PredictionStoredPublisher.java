package dev.kiln.storage.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.kiln.cloudevents.EventWriter;
import dev.kiln.storage.store.ObjectUrls;
import dev.kiln.storage.store.StorageOutcome;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes the outcome on prediction.stored, keyed by the prediction id, and returns only once the broker acked
 * it: the completion is acknowledged after that, so a lost publish means a redelivery, never a lost outcome.
 * Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class PredictionStoredPublisher {

    private final MutinyEmitter<String> emitter;
    private final EventWriter writer;
    private final ObjectUrls urls;

    PredictionStoredPublisher(@Channel(Channels.PREDICTION_STORED) MutinyEmitter<String> emitter, EventWriter writer,
            ObjectUrls urls) {
        this.emitter = emitter;
        this.writer = writer;
        this.urls = urls;
    }

    public void publish(String predictionId, StorageOutcome outcome) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (outcome instanceof StorageOutcome.Stored stored) {
            var objects = stored.objects().stream()
                    .map(object -> new PredictionStored.StoredOutput(object.index(), object.key(),
                            urls.urlOf(object.key()), object.contentType(), object.sizeBytes(), object.sha256()))
                    .toList();
            var output = objects.stream().map(PredictionStored.StoredOutput::url).toList();
            send(EventTypes.PREDICTION_STORED, predictionId, new PredictionStored(predictionId, objects, output, now));
        } else if (outcome instanceof StorageOutcome.Failed failed) {
            send(EventTypes.PREDICTION_STORAGE_FAILED, predictionId,
                    new PredictionStorageFailed(predictionId, failed.reason(), now));
        }
    }

    private void send(String type, String predictionId, Object event) {
        emitter.sendMessageAndAwait(writer.message(type, predictionId, event));
    }
}
