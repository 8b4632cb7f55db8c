package dev.kiln.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeadLetterTest {

    @Test
    void aRequestThatIsNotJsonGoesToTheDeadLetterQueueAndTheNextRequestIsStillReserved() {
        String poison = TestEvents.predictionId();
        String valid = TestEvents.predictionId();
        try (Kafka.Watch dlq = new Kafka.Watch("prediction.requested.dlq");
                Kafka.Watch reservations = new Kafka.Watch(ReservationsTest.RESERVATIONS)) {
            Kafka.sendRaw(ReservationsTest.REQUESTED, poison, "{\"prediction_id\": \"" + poison + "\", oops");

            ConsumerRecord<String, String> dead = dlq.await(record -> poison.equals(record.key()), 1).get(0);
            assertEquals("{\"prediction_id\": \"" + poison + "\", oops", dead.value());
            assertNotNull(Kafka.header(dead, "dead-letter-reason"), "the failure travels with the record");

            Published reserved = ReservationsTest.reserve(reservations, valid, TestEvents.user(), 1);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
        }
    }

    @Test
    void aCompletionWithAnUnknownStatusGoesToTheDeadLetterQueue() {
        String prediction = TestEvents.predictionId();
        try (Kafka.Watch dlq = new Kafka.Watch("prediction.completed.dlq")) {
            String value = TestEvents.completed(prediction, "succeeded").replace("succeeded", "exploded");
            Kafka.sendRaw(SettlementsTest.COMPLETED, prediction, value);
            assertEquals(value, dlq.await(record -> prediction.equals(record.key()), 1).get(0).value());
        }
    }

    @Test
    void aStorageRecordWithoutAnEventTypeGoesToTheDeadLetterQueue() {
        String prediction = TestEvents.predictionId();
        try (Kafka.Watch dlq = new Kafka.Watch("prediction.stored.dlq")) {
            Kafka.sendRaw(SettlementsTest.STORED, prediction, TestEvents.storageFailed(prediction));
            assertEquals(prediction, dlq.await(record -> prediction.equals(record.key()), 1).get(0).key());
        }
    }
}
