package dev.kiln.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DeadLetterTest {

    private static final String REQUESTED_DLQ = "prediction.requested.dlq";
    private static final String COMPLETED_DLQ = "prediction.completed.dlq";
    private static final String STORED_DLQ = "prediction.stored.dlq";

    @Test
    void aRequestThatIsNotJsonGoesToTheDeadLetterQueueAndTheNextRequestIsStillReserved() {
        String poison = TestEvents.predictionId();
        String valid = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(REQUESTED_DLQ, ReservationsTest.RESERVATIONS)) {
            probe.sendRaw(ReservationsTest.REQUESTED, poison, "{\"prediction_id\": \"" + poison + "\", oops");

            KafkaProbe.Event dead = Published.awaitRecord(probe, REQUESTED_DLQ, poison);
            assertEquals("{\"prediction_id\": \"" + poison + "\", oops", dead.json());
            assertNotNull(dead.header("dead-letter-reason"), "the failure travels with the record");

            Published reserved = ReservationsTest.reserve(probe, valid, TestEvents.user(), 1);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
        }
    }

    @Test
    void aCompletionWithAnUnknownStatusGoesToTheDeadLetterQueue() {
        String prediction = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(COMPLETED_DLQ)) {
            String value = TestEvents.completed(prediction, "succeeded").replace("succeeded", "exploded");
            probe.sendRaw(SettlementsTest.COMPLETED, prediction, value);
            assertEquals(value, Published.awaitRecord(probe, COMPLETED_DLQ, prediction).json());
        }
    }

    @Test
    void aStorageRecordWithoutAnEventTypeGoesToTheDeadLetterQueue() {
        String prediction = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(STORED_DLQ)) {
            probe.sendRaw(SettlementsTest.STORED, prediction, TestEvents.storageFailed(prediction));
            KafkaProbe.Event dead = Published.awaitRecord(probe, STORED_DLQ, prediction);
            assertEquals(TestEvents.storageFailed(prediction), dead.json());
            assertNotNull(dead.header("dead-letter-reason"), "the failure travels with the record");
        }
    }
}
