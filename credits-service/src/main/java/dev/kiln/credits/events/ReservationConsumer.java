package dev.kiln.credits.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.credits.ledger.Ledger;
import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reserves each requested prediction's cost and publishes credits.reserved or credits.rejected, followed by the
 * settlement of any outcome of the prediction that arrived before its request (see Ledger#reserve).
 *
 * <p>
 * Why no event is lost although the database commit and the Kafka publish are two systems: the record of
 * prediction.requested is acked (so its offset committed) only when this method returns, that is after the
 * ledger transaction committed and the broker acked the outcome. A crash anywhere before that leaves the offset
 * uncommitted and the record is delivered again; the redelivery finds the reserve or reject entry, changes
 * nothing, and publishes the recorded outcome again (the same event, same ce_id). So the outcome is published at
 * least once and the movement happens exactly once, without an outbox table.
 */
@ApplicationScoped
@CountedAttempts
public class ReservationConsumer {

    private final EventReader reader;
    private final Ledger ledger;
    private final CreditsPublisher publisher;

    ReservationConsumer(EventReader reader, Ledger ledger, CreditsPublisher publisher) {
        this.reader = reader;
        this.ledger = ledger;
        this.publisher = publisher;
    }

    // Records are processed in parallel on the ledger worker pool: the account's row lock orders one user's
    // reservations, and a record's offset is committed only once every earlier one has been acked too.
    // A failure (database or broker unavailable) is retried with a doubling backoff (application.properties) before
    // the record goes to prediction.requested.dlq; a record that can never be read goes there at once.
    @Incoming(Channels.PREDICTION_REQUESTED)
    @Blocking(value = "ledger", ordered = false)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void reserve(String value) {
        PredictionRequested event = reader.read(value, PredictionRequested.class);
        ledger.reserve(event.predictionId(), event.userId(), event.cost()).forEach(publisher::publish);
    }
}
