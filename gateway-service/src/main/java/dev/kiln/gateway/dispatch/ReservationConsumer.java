package dev.kiln.gateway.dispatch;

import static dev.kiln.gateway.events.UnreadableEventException.requireReadable;

import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.gateway.events.Channels;
import dev.kiln.gateway.events.CreditsReservation;
import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.events.UnreadableEventException;
import dev.kiln.gateway.prediction.EarlyEvents;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A reservation dispatches the prediction; a rejection fails it with insufficient_credits. A failing one is tried
 * again with backoff until it succeeds (application.properties, "Patient consumers"), on a worker pool of its own
 * (a slow provider holds its workers, never those of GETs and cancels); a reservation for a prediction not known yet
 * is held until it is ({@link EarlyEvents}). Only an unreadable record goes to its dead-letter topic.
 */
@ApplicationScoped
@CountedAttempts
public class ReservationConsumer {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Dispatcher dispatcher;
    private final Lifecycle lifecycle;
    private final EventPublisher events;
    private final EarlyEvents earlyEvents;

    ReservationConsumer(Dispatcher dispatcher, Lifecycle lifecycle, EventPublisher events, EarlyEvents earlyEvents) {
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.events = events;
        this.earlyEvents = earlyEvents;
    }

    @Incoming(Channels.CREDITS_RESERVATIONS)
    @Blocking(value = "reservations", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void dispatchOrReject(CreditsReservation event, IncomingCloudEventMetadata<CreditsReservation> cloudEvent,
            IncomingKafkaRecordMetadata<?, ?> record) {
        requireReadable(event);
        try {
            if (CreditsReservation.RESERVED.equals(cloudEvent.getType())) {
                dispatcher.dispatch(event.predictionId());
            } else {
                reject(event);
            }
        } catch (UnknownPredictionException unknown) {
            throw earlyEvents.unknown(unknown, record.getTimestamp());
        }
    }

    private void reject(CreditsReservation rejection) {
        var error = new PredictionError(PredictionError.INSUFFICIENT_CREDITS, "This prediction costs "
                + rejection.amount() + " credits and " + rejection.available() + " are available.");
        // The outcome goes on prediction.completed too, so that every prediction has one there.
        events.publishCompleted(PredictionCompleted.decidedByGateway(rejection.predictionId(),
                PredictionStatus.FAILED.wireName(), error.toEventDetail(), rejection.occurredAt()))
                .await().atMost(PUBLISH_TIMEOUT);
        lifecycle.apply(rejection.predictionId(),
                prediction -> prediction.withFailure(error, rejection.occurredAt(), null, null));
    }
}
