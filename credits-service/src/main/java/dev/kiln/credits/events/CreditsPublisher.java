package dev.kiln.credits.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.kiln.cloudevents.EventWriter;
import dev.kiln.credits.ledger.Movement;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes recorded movements and waits for the broker's ack. The event is a pure function of the ledger entry
 * (its balances, its time, and a ce_id made of the prediction id and the kind), so publishing it again after a
 * redelivery yields the very same event, which consumers recognise by its id.
 */
@ApplicationScoped
public class CreditsPublisher {

    private final MutinyEmitter<String> reservations;
    private final MutinyEmitter<String> settlements;
    private final EventWriter writer;

    public CreditsPublisher(@Channel(Channels.CREDITS_RESERVATIONS) MutinyEmitter<String> reservations,
            @Channel(Channels.CREDITS_SETTLEMENTS) MutinyEmitter<String> settlements, EventWriter writer) {
        this.reservations = reservations;
        this.settlements = settlements;
        this.writer = writer;
    }

    /** Returns once the broker has acked; throws if it did not. */
    public void publish(Movement movement) {
        switch (movement.kind()) {
            case RESERVE -> send(reservations, EventTypes.CREDITS_RESERVED, movement,
                    new CreditsReserved(movement.predictionId(), movement.userId(), movement.amount(),
                            movement.available(), movement.reserved(), movement.occurredAt()));
            case REJECT -> send(reservations, EventTypes.CREDITS_REJECTED, movement,
                    new CreditsRejected(movement.predictionId(), movement.userId(), movement.amount(),
                            movement.available(), movement.reason(), movement.occurredAt()));
            case CONFIRM -> send(settlements, EventTypes.CREDITS_CONFIRMED, movement, settled(movement));
            case REFUND -> send(settlements, EventTypes.CREDITS_REFUNDED, movement, settled(movement));
            case GRANT -> throw new IllegalArgumentException("grants have no event");
        }
    }

    private static CreditsSettled settled(Movement movement) {
        return new CreditsSettled(movement.predictionId(), movement.userId(), movement.amount(),
                movement.available(), movement.reserved(), movement.occurredAt());
    }

    private void send(MutinyEmitter<String> emitter, String type, Movement movement, Object event) {
        emitter.sendMessageAndAwait(writer.message(type, movement.predictionId(), event,
                movement.predictionId() + "." + movement.kind().column(), movement.occurredAt()));
    }
}
