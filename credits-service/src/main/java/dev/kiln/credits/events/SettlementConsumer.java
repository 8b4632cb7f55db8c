package dev.kiln.credits.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.credits.ledger.Ledger;
import dev.kiln.credits.ledger.Outcome;
import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Settles reservations from predictions' outcomes: prediction.completed confirms or refunds, and
 * prediction.storage_failed refunds. Delivery is at least once, as for reservations (see
 * {@link ReservationConsumer}): the record is acked after the commit and the broker's ack of the settlement, and
 * a redelivery re-publishes the recorded settlement without moving any credits. Retries: as for reservations.
 */
@ApplicationScoped
@CountedAttempts
public class SettlementConsumer {

    private final EventReader reader;
    private final Ledger ledger;
    private final CreditsPublisher publisher;

    SettlementConsumer(EventReader reader, Ledger ledger, CreditsPublisher publisher) {
        this.reader = reader;
        this.ledger = ledger;
        this.publisher = publisher;
    }

    @Incoming(Channels.PREDICTION_COMPLETED)
    @Blocking(value = "ledger", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void onCompleted(String value) {
        PredictionCompleted event = reader.read(value, PredictionCompleted.class);
        settle(event.predictionId(), event.outcome());
    }

    /**
     * The topic carries prediction.stored (nothing to settle: the confirm came with the success) and storage_failed.
     * The CloudEvent's metadata is null when the record is no CloudEvent.
     */
    @Incoming(Channels.PREDICTION_STORED)
    @Blocking(value = "ledger", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void onStored(String value, IncomingCloudEventMetadata<String> cloudEvent) {
        String type = EventReader.typeOf(cloudEvent);
        switch (type) {
            case EventTypes.PREDICTION_STORED -> {
            }
            case EventTypes.PREDICTION_STORAGE_FAILED -> settle(
                    reader.read(value, PredictionStorageFailed.class).predictionId(), Outcome.STORAGE_FAILED);
            default -> throw new UnreadableEventException("prediction.stored carries no event of type " + type);
        }
    }

    private void settle(String predictionId, Outcome outcome) {
        ledger.settle(predictionId, outcome).ifPresent(publisher::publish);
    }
}
