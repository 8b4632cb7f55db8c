package dev.kiln.credits.events;

import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.credits.ledger.Movement;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes recorded movements and waits for the broker's ack. The event is a pure function of the ledger entry
 * (its balances, its time, and a ce_id made of the prediction id and the kind), so publishing it again after a
 * redelivery yields the very same event, which consumers recognise by its id.
 */
@ApplicationScoped
public class CreditsPublisher {

    private final MutinyEmitter<String> reservations;
    private final MutinyEmitter<String> settlements;
    private final ObjectMapper json;

    public CreditsPublisher(@Channel(Channels.CREDITS_RESERVATIONS) MutinyEmitter<String> reservations,
            @Channel(Channels.CREDITS_SETTLEMENTS) MutinyEmitter<String> settlements, ObjectMapper json) {
        this.reservations = reservations;
        this.settlements = settlements;
        this.json = json;
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
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type + " as JSON", e);
        }
        Message<String> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(movement.predictionId()).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(movement.predictionId() + "." + movement.kind().column())
                        .withType(type)
                        .withSubject(movement.predictionId())
                        .withTimestamp(movement.occurredAt().atZone(ZoneOffset.UTC))
                        .build());
        emitter.sendMessageAndAwait(message);
    }
}
