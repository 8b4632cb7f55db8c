package dev.kiln.gateway.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.PredictionError;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves predictions along as the events of the other services arrive. Each event maps onto one lifecycle change,
 * which is idempotent and ignores stale events, so redelivery and reordering leave one correct outcome.
 */
@ApplicationScoped
public class LifecycleConsumers {

    private final Lifecycle lifecycle;

    LifecycleConsumers(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * The durable records, written from the gateway's own topic so that the submit path never waits on them; in
     * batches (one transaction per poll), so that keeping up with the submit rate costs little CPU.
     */
    @Incoming(Channels.PREDICTION_REQUESTED_RECORDS)
    @Blocking
    public void onRequested(List<PredictionRequested> batch) {
        lifecycle.record(batch.stream().filter(Objects::nonNull).map(PredictionRequested::toPrediction).toList());
    }

    @Incoming(Channels.PREDICTION_PROGRESSED)
    @Blocking(ordered = false)
    public CompletionStage<Void> onProgressed(Message<PredictionProgressed> message) {
        return Consumption.process(message, event -> lifecycle.apply(event.predictionId(),
                prediction -> prediction.withProgress(event.startedAt(), event.logs())));
    }

    @Incoming(Channels.PREDICTION_COMPLETED)
    @Blocking(ordered = false)
    public CompletionStage<Void> onCompleted(Message<PredictionCompleted> message) {
        return Consumption.process(message, event -> lifecycle.apply(event.predictionId(), prediction -> {
            Instant at = event.completedAt() != null ? event.completedAt() : event.occurredAt();
            return switch (event.status()) {
                case "succeeded" -> prediction.withProviderSuccess(event.startedAt(), event.completedAt(),
                        event.logs(), event.metrics());
                case "canceled" -> prediction.withCancellation(at);
                default -> prediction.withFailure(event.error() != null ? event.error()
                        : new PredictionError("prediction_failed", "The prediction failed."), at, event.logs(),
                        event.metrics());
            };
        }));
    }

    @Incoming(Channels.PREDICTION_STORED)
    @Blocking(ordered = false)
    public CompletionStage<Void> onStorage(Message<StorageOutcome> message) {
        boolean stored = StorageOutcome.STORED.equals(Consumption.typeOf(message));
        return Consumption.process(message, event -> lifecycle.apply(event.predictionId(), prediction -> stored
                ? prediction.withStoredOutput(event.output(), event.occurredAt())
                : prediction.withFailure(new PredictionError(PredictionError.STORAGE_FAILED,
                        "The outputs could not be stored: " + event.reason()), event.occurredAt(), null, null)));
    }
}
