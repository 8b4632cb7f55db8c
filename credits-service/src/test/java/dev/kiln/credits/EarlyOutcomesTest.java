package dev.kiln.credits;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An outcome can reach credits before the reservation it settles: the topics are read independently, and a
 * prediction.requested record that is being retried (the database away) lets a later prediction.completed of the
 * same prediction pass it. Such an outcome is recorded, and settles the reservation when it arrives (issue 8, hole 6).
 */
@QuarkusTest
class EarlyOutcomesTest {

    private final String user = TestEvents.user();
    private final String prediction = TestEvents.predictionId();

    private RecordMetadata completeFirst(KafkaProbe probe, String status) {
        RecordMetadata sent = TestEvents.publish(probe, SettlementsTest.COMPLETED, EventTypes.PREDICTION_COMPLETED,
                prediction, TestEvents.completed(prediction, status));
        TestEvents.awaitProcessed(probe, sent);
        return sent;
    }

    private void storageFailsFirst(KafkaProbe probe) {
        TestEvents.awaitProcessed(probe, TestEvents.publish(probe, SettlementsTest.STORED,
                EventTypes.PREDICTION_STORAGE_FAILED, prediction, TestEvents.storageFailed(prediction)));
    }

    private Published settlement(KafkaProbe probe, String type) {
        return Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, prediction, event -> type.equals(event.type()));
    }

    @Test
    void aFailureThatArrivedBeforeTheReservationRefundsItWhenItArrives() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            completeFirst(probe, "failed");
            assertTrue(Published.seen(probe, SettlementsTest.SETTLEMENTS, prediction).isEmpty());

            assertEquals(EventTypes.CREDITS_RESERVED, ReservationsTest.reserve(probe, prediction, user, 3).type());
            Published refunded = settlement(probe, EventTypes.CREDITS_REFUNDED);
            assertEquals(prediction + ".refund", refunded.id());
            assertEquals(3, refunded.amount());
            assertEquals(10, refunded.available());
            assertEquals(0, refunded.reserved());
        }
        assertEquals(List.of("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0"), Ledgers.of(user));
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries[0].reason", equalTo("failed"));
    }

    @Test
    void aSuccessThatArrivedBeforeTheReservationConfirmsItWhenItArrives() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            completeFirst(probe, "succeeded");
            ReservationsTest.reserve(probe, prediction, user, 3);
            Published confirmed = settlement(probe, EventTypes.CREDITS_CONFIRMED);
            assertEquals(prediction + ".confirm", confirmed.id());
            assertEquals(3, confirmed.amount());
            assertEquals(7, confirmed.available());
            assertEquals(0, confirmed.reserved());
        }
        assertEquals(List.of("confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0"), Ledgers.of(user));
    }

    @Test
    void aSuccessAndAStorageFailureThatBothArrivedEarlyConfirmThenRefundInTheirOrder() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            completeFirst(probe, "succeeded");
            storageFailsFirst(probe);
            ReservationsTest.reserve(probe, prediction, user, 3);
            List<Published> both = Published.awaitAll(probe, SettlementsTest.SETTLEMENTS, prediction, 2);
            assertEquals(List.of(EventTypes.CREDITS_CONFIRMED, EventTypes.CREDITS_REFUNDED),
                    both.stream().map(Published::type).toList());
            assertEquals(10, both.get(1).available());
        }
        assertEquals(List.of("refund 3 10/0", "confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0"), Ledgers.of(user));
    }

    @Test
    void anEarlyOutcomeIsAppliedOnceAlthoughTheRequestIsDeliveredAgain() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            completeFirst(probe, "canceled");
            completeFirst(probe, "canceled");
            ReservationsTest.reserve(probe, prediction, user, 3);
            Published first = settlement(probe, EventTypes.CREDITS_REFUNDED);
            // The request again (a redelivery): the same reservation and the same refund are published again.
            TestEvents.publish(probe, ReservationsTest.REQUESTED, EventTypes.PREDICTION_REQUESTED, prediction,
                    TestEvents.requested(prediction, user, 3));
            List<Published> refunds = Published.awaitAll(probe, SettlementsTest.SETTLEMENTS, prediction, 2);
            for (Published refund : refunds) {
                assertEquals(first.id(), refund.id());
                assertEquals(first.value(), refund.value());
            }
        }
        assertEquals(List.of("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0"), Ledgers.of(user));
    }

    @Test
    void anEarlyOutcomeOfARejectedPredictionSettlesNothing() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            completeFirst(probe, "failed");
            assertEquals(EventTypes.CREDITS_REJECTED, ReservationsTest.reserve(probe, prediction, user, 50).type());
            // A later outcome of the same prediction is processed after the reservation's: still nothing.
            completeFirst(probe, "canceled");
            assertTrue(Published.seen(probe, SettlementsTest.SETTLEMENTS, prediction).isEmpty());
        }
        assertEquals(List.of("reject 50 10/0", "grant 10 10/0"), Ledgers.of(user));
    }
}
