package dev.kiln.credits;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReservationsTest {

    static final String REQUESTED = "prediction.requested";
    static final String RESERVATIONS = "credits.reservations";

    /** Requests a prediction and waits for its outcome on credits.reservations (the probe must listen to it). */
    static Published reserve(KafkaProbe probe, String predictionId, String userId, long cost) {
        TestEvents.publish(probe, REQUESTED, EventTypes.PREDICTION_REQUESTED, predictionId,
                TestEvents.requested(predictionId, userId, cost));
        return Published.awaitFirst(probe, RESERVATIONS, predictionId);
    }

    @Test
    void aNewUserGetsTheWelcomeGrantAndTheCostIsReserved() {
        String user = TestEvents.user();
        String prediction = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(RESERVATIONS)) {
            Published reserved = reserve(probe, prediction, user, 2);

            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
            assertEquals(prediction + ".reserve", reserved.id());
            assertEquals(user, reserved.body().path("user_id").asText());
            assertEquals(2, reserved.amount());
            assertEquals(8, reserved.available());
            assertEquals(2, reserved.reserved());
            assertNotNull(Instant.parse(reserved.body().path("occurred_at").asText()));
        }
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("user_id", equalTo(user)).body("available", equalTo(8)).body("reserved", equalTo(2));
    }

    @Test
    void theWelcomeGrantIsGivenOnceHoweverManyPredictionsFollow() {
        String user = TestEvents.user();
        try (KafkaProbe probe = TestEvents.probe(RESERVATIONS)) {
            reserve(probe, TestEvents.predictionId(), user, 1);
            Published second = reserve(probe, TestEvents.predictionId(), user, 1);
            assertEquals(8, second.available());
            assertEquals(2, second.reserved());
        }
        assertEquals(List.of("reserve 1 8/2", "reserve 1 9/1", "grant 10 10/0"), Ledgers.of(user));
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(200)
                .body("entries[2].reason", equalTo("welcome"))
                .body("entries[2].prediction_id", equalTo(null));
    }

    @Test
    void anAnonymousPredictionCostsNothingAndIsStillReservedAndConfirmed() {
        String user = TestEvents.anonymousUser();
        String prediction = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            Published reserved = reserve(probe, prediction, user, 0);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
            assertEquals(0, reserved.amount());
            assertEquals(0, reserved.available());
            assertEquals(0, reserved.reserved());

            TestEvents.publish(probe, SettlementsTest.COMPLETED, EventTypes.PREDICTION_COMPLETED, prediction,
                    TestEvents.completed(prediction, "succeeded"));
            Published confirmed = Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, prediction);
            assertEquals(EventTypes.CREDITS_CONFIRMED, confirmed.type());
            assertEquals(0, confirmed.amount());
        }
        // No welcome grant: an anonymous caller's account only ever holds zero.
        assertEquals(List.of("confirm 0 0/0", "reserve 0 0/0"), Ledgers.of(user));
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(0)).body("reserved", equalTo(0));
    }

    @Test
    void aCostBeyondTheBalanceIsRejectedForInsufficientCreditsAndMovesNothing() {
        String user = TestEvents.user();
        String prediction = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(RESERVATIONS)) {
            Published rejected = reserve(probe, prediction, user, 11);
            assertEquals(EventTypes.CREDITS_REJECTED, rejected.type());
            assertEquals(prediction + ".reject", rejected.id());
            assertEquals("insufficient_credits", rejected.body().path("reason").asText());
            assertEquals(11, rejected.amount());
            assertEquals(10, rejected.available());
        }
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(10)).body("reserved", equalTo(0));
        assertEquals(List.of("reject 11 10/0", "grant 10 10/0"), Ledgers.of(user));
    }
}
