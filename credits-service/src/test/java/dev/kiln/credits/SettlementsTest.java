package dev.kiln.credits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SettlementsTest {

    static final String COMPLETED = "prediction.completed";
    static final String STORED = "prediction.stored";
    static final String SETTLEMENTS = "credits.settlements";

    private final String user = TestEvents.user();
    private final String prediction = TestEvents.predictionId();

    /** Reserves 3 of the user's 10 welcome credits. */
    private void reserveThree() {
        try (Kafka.Watch reservations = new Kafka.Watch(ReservationsTest.RESERVATIONS)) {
            Published reserved = ReservationsTest.reserve(reservations, prediction, user, 3);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
        }
    }

    private static RecordMetadata complete(String prediction, String status) {
        return Kafka.send(COMPLETED, EventTypes.PREDICTION_COMPLETED, prediction,
                TestEvents.completed(prediction, status));
    }

    private static RecordMetadata storageFails(String prediction) {
        return Kafka.send(STORED, EventTypes.PREDICTION_STORAGE_FAILED, prediction,
                TestEvents.storageFailed(prediction));
    }

    /** The first settlement of the prediction with that ce_type. */
    private Published awaitSettlement(Kafka.Watch settlements, String type) {
        return Published.of(settlements.await(record -> prediction.equals(record.key())
                && type.equals(Kafka.header(record, "ce_type")), 1).get(0));
    }

    /**
     * Nothing but the first settlement was published: a record may be delivered again (a consumer rebalance, say),
     * and then the very same event is published again, but never another one.
     */
    private void onlyEverPublished(Kafka.Watch settlements, Published first) {
        List<Published> seen = settlements.seen(record -> prediction.equals(record.key())).stream()
                .map(Published::of).toList();
        for (Published event : seen) {
            assertEquals(first.id(), event.id(), () -> "published " + seen);
            assertEquals(first.value(), event.value());
        }
    }

    private void balanceIs(int available, int reserved) {
        given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(available)).body("reserved", equalTo(reserved));
    }

    @Test
    void aSucceededPredictionConfirmsItsReservation() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "succeeded");
            Published confirmed = awaitSettlement(settlements, EventTypes.CREDITS_CONFIRMED);
            assertEquals(prediction + ".confirm", confirmed.id());
            assertEquals(user, confirmed.body().path("user_id").asText());
            assertEquals(3, confirmed.amount());
            assertEquals(7, confirmed.available());
            assertEquals(0, confirmed.reserved());
        }
        balanceIs(7, 0);
    }

    @Test
    void aFailedPredictionRefundsItsReservation() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "failed");
            Published refunded = awaitSettlement(settlements, EventTypes.CREDITS_REFUNDED);
            assertEquals(3, refunded.amount());
            assertEquals(10, refunded.available());
            assertEquals(0, refunded.reserved());
        }
        balanceIs(10, 0);
        given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries.kind", contains("refund", "reserve", "grant"))
                .body("entries[0].reason", equalTo("failed"));
    }

    @Test
    void aCanceledPredictionRefundsItsReservation() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "canceled");
            Published refunded = awaitSettlement(settlements, EventTypes.CREDITS_REFUNDED);
            assertEquals(10, refunded.available());
        }
        balanceIs(10, 0);
        given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries[0].reason", equalTo("canceled"));
    }

    @Test
    void aStorageFailureAfterTheConfirmationRefundsTheChargeSoTheUserPaysNothing() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "succeeded");
            awaitSettlement(settlements, EventTypes.CREDITS_CONFIRMED);
            storageFails(prediction);
            Published refunded = awaitSettlement(settlements, EventTypes.CREDITS_REFUNDED);
            assertEquals(3, refunded.amount());
            assertEquals(10, refunded.available());
            assertEquals(0, refunded.reserved());
        }
        balanceIs(10, 0);
        given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries.kind", contains("refund", "confirm", "reserve", "grant"))
                .body("entries[0].reason", equalTo("storage_failed"));
    }

    @Test
    void aStorageFailureBeforeTheConfirmationRefundsTheReservationAndTheLateSuccessConfirmsNothing() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            storageFails(prediction);
            Published first = awaitSettlement(settlements, EventTypes.CREDITS_REFUNDED);
            assertEquals(10, first.available());
            Kafka.awaitProcessed(complete(prediction, "succeeded"));
            onlyEverPublished(settlements, first);
        }
        balanceIs(10, 0);
    }

    @Test
    void aRefundIsFinalSoALateSuccessDoesNotConfirm() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "failed");
            Published first = awaitSettlement(settlements, EventTypes.CREDITS_REFUNDED);
            Kafka.awaitProcessed(complete(prediction, "succeeded"));
            onlyEverPublished(settlements, first);
        }
        balanceIs(10, 0);
        given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries.kind", contains("refund", "reserve", "grant"));
    }

    @Test
    void aRedeliveredOutcomeRepublishesTheSameSettlementAndMovesNothing() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "succeeded");
            Published first = awaitSettlement(settlements, EventTypes.CREDITS_CONFIRMED);
            complete(prediction, "succeeded");
            List<Published> both = settlements.await(record -> prediction.equals(record.key()), 2).stream()
                    .map(Published::of).toList();
            Published again = both.get(1);
            assertEquals(first.id(), again.id());
            assertEquals(first.value(), again.value());
        }
        balanceIs(7, 0);
        given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries.kind", contains("confirm", "reserve", "grant"));
    }

    @Test
    void aRejectedPredictionHasNothingToSettle() {
        try (Kafka.Watch reservations = new Kafka.Watch(ReservationsTest.RESERVATIONS);
                Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            Published rejected = ReservationsTest.reserve(reservations, prediction, user, 50);
            assertEquals(EventTypes.CREDITS_REJECTED, rejected.type());
            Kafka.awaitProcessed(complete(prediction, "failed"));
            assertTrue(settlements.seen(record -> prediction.equals(record.key())).isEmpty());
        }
        balanceIs(10, 0);
    }

    @Test
    void anOutcomeForAPredictionNeverReservedChangesNothing() {
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            Kafka.awaitProcessed(complete(prediction, "canceled"));
            Kafka.awaitProcessed(storageFails(prediction));
            assertTrue(settlements.seen(record -> prediction.equals(record.key())).isEmpty());
        }
    }

    @Test
    void aStoredPredictionChangesNothingSinceItsSuccessAlreadyConfirmed() {
        reserveThree();
        try (Kafka.Watch settlements = new Kafka.Watch(SETTLEMENTS)) {
            complete(prediction, "succeeded");
            Published first = awaitSettlement(settlements, EventTypes.CREDITS_CONFIRMED);
            Kafka.awaitProcessed(Kafka.send(STORED, EventTypes.PREDICTION_STORED, prediction,
                    TestEvents.stored(prediction)));
            onlyEverPublished(settlements, first);
        }
        balanceIs(7, 0);
    }
}
