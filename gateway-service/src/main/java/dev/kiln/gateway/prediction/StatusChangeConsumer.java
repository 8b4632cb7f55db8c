package dev.kiln.gateway.prediction;

import static dev.kiln.gateway.events.UnreadableEventException.requireReadable;

import java.time.Instant;
import java.util.function.UnaryOperator;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.gateway.events.Channels;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.events.PredictionProgressed;
import dev.kiln.gateway.events.StorageOutcome;
import dev.kiln.gateway.events.UnreadableEventException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves predictions along as the events of the other services arrive. Each event maps onto one lifecycle change,
 * which is idempotent and ignores stale events, so redelivery and reordering leave one correct outcome. A failing
 * change is tried again with backoff until it succeeds (application.properties, "Patient consumers"); an event for a
 * prediction not known yet is held until it is ({@link EarlyEvents}). Only an unreadable record goes to its
 * dead-letter topic.
 */
@ApplicationScoped
@CountedAttempts
public class StatusChangeConsumer {

    private final Lifecycle lifecycle;
    private final EarlyEvents earlyEvents;

    StatusChangeConsumer(Lifecycle lifecycle, EarlyEvents earlyEvents) {
        this.lifecycle = lifecycle;
        this.earlyEvents = earlyEvents;
    }

    @Incoming(Channels.PREDICTION_PROGRESSED)
    @Blocking(value = "status-changes", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void applyProgress(PredictionProgressed event, IncomingKafkaRecordMetadata<?, ?> record) {
        requireReadable(event);
        apply(record, event.predictionId(), prediction -> prediction.withProgress(event.startedAt(), event.logs()));
    }

    @Incoming(Channels.PREDICTION_COMPLETED)
    @Blocking(value = "status-changes", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void applyCompletion(PredictionCompleted event, IncomingKafkaRecordMetadata<?, ?> record) {
        requireReadable(event);
        Instant at = event.completedAt() != null ? event.completedAt() : event.occurredAt();
        apply(record, event.predictionId(), prediction -> switch (event.status()) {
            case "succeeded" -> prediction.withProviderSuccess(event.startedAt(), event.completedAt(), event.logs(),
                    event.metrics());
            case "canceled" -> prediction.withCancellation(at);
            case "aborted" -> prediction.withAbort(event.error() != null
                    ? new PredictionError(event.error().code(), event.error().message())
                    : new PredictionError(PredictionError.DEADLINE_EXCEEDED,
                            "The deadline passed before the prediction started."), at);
            default -> prediction.withFailure(event.error() != null
                    ? new PredictionError(event.error().code(), event.error().message())
                    : new PredictionError("prediction_failed", "The prediction failed."), at, event.logs(),
                    event.metrics());
        });
    }

    /** prediction.stored carries two types: prediction.stored and prediction.storage_failed. */
    @Incoming(Channels.PREDICTION_STORED)
    @Blocking(value = "status-changes", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void applyStorageOutcome(StorageOutcome event, IncomingCloudEventMetadata<StorageOutcome> cloudEvent,
            IncomingKafkaRecordMetadata<?, ?> record) {
        requireReadable(event);
        boolean stored = StorageOutcome.STORED.equals(cloudEvent.getType());
        apply(record, event.predictionId(), prediction -> stored
                ? prediction.withStoredOutput(event.output(), event.occurredAt())
                : prediction.withFailure(new PredictionError(PredictionError.STORAGE_FAILED,
                        "The outputs could not be stored: " + event.reason()), event.occurredAt(), null, null));
    }

    private void apply(IncomingKafkaRecordMetadata<?, ?> record, String id, UnaryOperator<Prediction> change) {
        try {
            lifecycle.apply(id, change);
        } catch (UnknownPredictionException unknown) {
            throw earlyEvents.unknown(unknown, record.getTimestamp());
        }
    }
}
