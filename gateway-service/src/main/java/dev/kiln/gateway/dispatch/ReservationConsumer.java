package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.kiln.gateway.events.Channels;
import dev.kiln.gateway.events.Consumption;
import dev.kiln.gateway.events.CreditsReservation;
import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/** A reservation dispatches the prediction; a rejection fails it with insufficient_credits. */
@ApplicationScoped
public class ReservationConsumer {

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Dispatcher dispatcher;
    private final Lifecycle lifecycle;
    private final EventPublisher events;

    ReservationConsumer(Dispatcher dispatcher, Lifecycle lifecycle, EventPublisher events) {
        this.dispatcher = dispatcher;
        this.lifecycle = lifecycle;
        this.events = events;
    }

    @Incoming(Channels.CREDITS_RESERVATIONS)
    @Blocking(ordered = false)
    public CompletionStage<Void> onReservation(Message<CreditsReservation> message) {
        boolean reserved = CreditsReservation.RESERVED.equals(Consumption.typeOf(message));
        return Consumption.process(message, reserved
                ? event -> dispatcher.dispatch(event.predictionId())
                : this::reject);
    }

    private void reject(CreditsReservation rejection) {
        var error = new PredictionError(PredictionError.INSUFFICIENT_CREDITS, "This prediction costs "
                + rejection.amount() + " credits and " + rejection.available() + " are available.");
        // The outcome goes on prediction.completed too, so that every prediction has one there.
        events.completed(PredictionCompleted.decidedByGateway(rejection.predictionId(),
                PredictionStatus.FAILED.wireName(), error, rejection.occurredAt())).await().atMost(PUBLISH_TIMEOUT);
        lifecycle.apply(rejection.predictionId(),
                prediction -> prediction.withFailure(error, rejection.occurredAt(), null, null));
    }
}
