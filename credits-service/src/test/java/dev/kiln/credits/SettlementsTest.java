package dev.kiln.credits;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
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
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS)) {
            Published reserved = ReservationsTest.reserve(probe, prediction, user, 3);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
        }
    }

    private static RecordMetadata complete(KafkaProbe probe, String prediction, String status) {
        return TestEvents.publish(probe, COMPLETED, EventTypes.PREDICTION_COMPLETED, prediction,
                TestEvents.completed(prediction, status));
    }

    private static RecordMetadata storageFails(KafkaProbe probe, String prediction) {
        return TestEvents.publish(probe, STORED, EventTypes.PREDICTION_STORAGE_FAILED, prediction,
                TestEvents.storageFailed(prediction));
    }

    /** The first settlement of the prediction with that ce_type. */
    private Published awaitSettlement(KafkaProbe probe, String type) {
        return Published.awaitFirst(probe, SETTLEMENTS, prediction, event -> type.equals(event.type()));
    }

    /**
     * Nothing but the first settlement was published: a record may be delivered again (a consumer rebalance, say),
     * and then the very same event is published again, but never another one.
     */
    private void onlyEverPublished(KafkaProbe probe, Published first) {
        List<Published> seen = Published.seen(probe, SETTLEMENTS, prediction).stream().map(Published::of).toList();
        for (Published event : seen) {
            assertEquals(first.id(), event.id(), () -> "published " + seen);
            assertEquals(first.value(), event.value());
        }
    }

    /** A success that comes once the settlement is decided: processed, and nothing but the first one published. */
    private void aLateSuccessChangesNothing(KafkaProbe probe, Published first) {
        TestEvents.awaitProcessed(probe, complete(probe, prediction, "succeeded"));
        onlyEverPublished(probe, first);
    }

    private static void assertSettled(Published settlement, int amount, int available, int reserved) {
        assertEquals(amount, settlement.amount(), "amount");
        assertEquals(available, settlement.available(), "available");
        assertEquals(reserved, settlement.reserved(), "reserved");
    }

    private void balanceIs(int available, int reserved) {
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(available)).body("reserved", equalTo(reserved));
    }

    /** The user's whole ledger, newest first, as Ledgers writes an entry. */
    private void ledgerIs(String... newestFirst) {
        assertEquals(List.of(newestFirst), Ledgers.of(user));
    }

    private void newestEntryReasonIs(String reason) {
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries[0].reason", equalTo(reason));
    }

    @Test
    void aSucceededPredictionConfirmsItsReservation() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, "succeeded");
            Published confirmed = awaitSettlement(probe, EventTypes.CREDITS_CONFIRMED);
            assertEquals(prediction + ".confirm", confirmed.id());
            assertEquals(user, confirmed.body().path("user_id").asText());
            assertSettled(confirmed, 3, 7, 0);
        }
        balanceIs(7, 0);
        ledgerIs("confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0");
    }

    @ParameterizedTest(name = "a {0} prediction refunds its reservation")
    @ValueSource(strings = {"failed", "canceled", "aborted"})
    void aPredictionThatDidNotSucceedRefundsItsReservation(String status) {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, status);
            assertSettled(awaitSettlement(probe, EventTypes.CREDITS_REFUNDED), 3, 10, 0);
        }
        balanceIs(10, 0);
        ledgerIs("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0");
        newestEntryReasonIs(status);
    }

    @Test
    void aStorageFailureAfterTheConfirmationRefundsTheChargeSoTheUserPaysNothing() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, "succeeded");
            awaitSettlement(probe, EventTypes.CREDITS_CONFIRMED);
            storageFails(probe, prediction);
            assertSettled(awaitSettlement(probe, EventTypes.CREDITS_REFUNDED), 3, 10, 0);
        }
        balanceIs(10, 0);
        ledgerIs("refund 3 10/0", "confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0");
        newestEntryReasonIs("storage_failed");
    }

    @Test
    void aStorageFailureBeforeTheConfirmationRefundsTheReservationAndTheLateSuccessConfirmsNothing() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            storageFails(probe, prediction);
            Published first = awaitSettlement(probe, EventTypes.CREDITS_REFUNDED);
            assertSettled(first, 3, 10, 0);
            aLateSuccessChangesNothing(probe, first);
        }
        balanceIs(10, 0);
        ledgerIs("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0");
    }

    @Test
    void aRefundIsFinalSoALateSuccessDoesNotConfirm() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, "failed");
            Published first = awaitSettlement(probe, EventTypes.CREDITS_REFUNDED);
            aLateSuccessChangesNothing(probe, first);
        }
        balanceIs(10, 0);
        ledgerIs("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0");
    }

    @Test
    void aRedeliveredOutcomeRepublishesTheSameSettlementAndMovesNothing() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, "succeeded");
            Published first = awaitSettlement(probe, EventTypes.CREDITS_CONFIRMED);
            complete(probe, prediction, "succeeded");
            List<Published> both = Published.awaitAll(probe, SETTLEMENTS, prediction, 2);
            Published again = both.get(1);
            assertEquals(first.id(), again.id());
            assertEquals(first.value(), again.value());
        }
        balanceIs(7, 0);
        ledgerIs("confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0");
    }

    @Test
    void theBalanceIsExactlyTheGrantsMinusTheCostOfThePredictionsThatSucceededAndKeptTheirImages() {
        Operator.given().header("Idempotency-Key", TestEvents.predictionId()).contentType("application/json")
                .body(Map.of("user_id", user, "amount", 20, "reason", "pilot customer"))
                .post("/v1/admin/credits/grants").then().statusCode(201);
        Map<String, Long> costs = new LinkedHashMap<>();
        List.of(3L, 4L, 5L, 6L, 7L).forEach(cost -> costs.put(TestEvents.predictionId(), cost));
        List<String> ids = List.copyOf(costs.keySet());
        String tooDear = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SETTLEMENTS)) {
            costs.forEach((id, cost) -> assertEquals(EventTypes.CREDITS_RESERVED,
                    ReservationsTest.reserve(probe, id, user, cost).type()));
            // 30 granted, 25 reserved: 40 more is refused.
            assertEquals(EventTypes.CREDITS_REJECTED, ReservationsTest.reserve(probe, tooDear, user, 40).type());

            complete(probe, ids.get(0), "succeeded");
            complete(probe, ids.get(1), "failed");
            complete(probe, ids.get(2), "canceled");
            complete(probe, ids.get(3), "succeeded");
            complete(probe, ids.get(4), "succeeded");
            complete(probe, tooDear, "failed");
            for (String id : ids) {
                Published.awaitFirst(probe, SETTLEMENTS, id);
            }
            Published.awaitFirst(probe, SETTLEMENTS, ids.get(3),
                    event -> EventTypes.CREDITS_CONFIRMED.equals(event.type()));
            // The fourth one's outputs could not be stored: its charge is given back.
            storageFails(probe, ids.get(3));
            Published.awaitFirst(probe, SETTLEMENTS, ids.get(3),
                    event -> EventTypes.CREDITS_REFUNDED.equals(event.type()));
        }
        // 10 welcome + 20 granted - 3 - 7 (the two that succeeded and were stored).
        balanceIs(20, 0);
        List<String> ledger = Ledgers.of(user);
        assertEquals(List.of("grant 20 30/0", "grant 10 10/0"), ledger.subList(ledger.size() - 2, ledger.size()));
        // Two grants, five reservations, one rejection, six settlements (the fourth was confirmed, then refunded).
        assertEquals(2 + 5 + 1 + 6, ledger.size(), ledger::toString);
    }

    @Test
    void aRejectedPredictionHasNothingToSettle() {
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SETTLEMENTS)) {
            Published rejected = ReservationsTest.reserve(probe, prediction, user, 50);
            assertEquals(EventTypes.CREDITS_REJECTED, rejected.type());
            TestEvents.awaitProcessed(probe, complete(probe, prediction, "failed"));
            assertTrue(Published.seen(probe, SETTLEMENTS, prediction).isEmpty());
        }
        balanceIs(10, 0);
        ledgerIs("reject 50 10/0", "grant 10 10/0");
    }

    @Test
    void anOutcomeForAPredictionNeverReservedChangesNothing() {
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            TestEvents.awaitProcessed(probe, complete(probe, prediction, "canceled"));
            TestEvents.awaitProcessed(probe, storageFails(probe, prediction));
            assertTrue(Published.seen(probe, SETTLEMENTS, prediction).isEmpty());
        }
    }

    @Test
    void aStoredPredictionChangesNothingSinceItsSuccessAlreadyConfirmed() {
        reserveThree();
        try (KafkaProbe probe = TestEvents.probe(SETTLEMENTS)) {
            complete(probe, prediction, "succeeded");
            Published first = awaitSettlement(probe, EventTypes.CREDITS_CONFIRMED);
            TestEvents.awaitProcessed(probe, TestEvents.publish(probe, STORED, EventTypes.PREDICTION_STORED, prediction,
                    TestEvents.stored(prediction)));
            onlyEverPublished(probe, first);
        }
        balanceIs(7, 0);
        ledgerIs("confirm 3 7/0", "reserve 3 7/3", "grant 10 10/0");
    }
}
