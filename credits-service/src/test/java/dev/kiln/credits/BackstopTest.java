package dev.kiln.credits;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.backstop.Backstop;
import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The backstop (issue 8), with a 10 s maximum instead of 35 min and a run every second. It runs on a schema of its
 * own: so short a maximum would refund the open reservations of anything else sharing the database (the other tests,
 * a running stack).
 */
@QuarkusTest
@TestProfile(BackstopTest.ShortBackstop.class)
class BackstopTest {

    public static class ShortBackstop implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kiln.credits.backstop.after", "10s",
                    "kiln.credits.backstop.every", "1s",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema", "backstop_test",
                    "quarkus.flyway.schemas", "backstop_test");
        }
    }

    private static final Duration PAST_THE_MAXIMUM = Duration.ofSeconds(60);

    @Inject
    Backstop backstop;

    private final String user = TestEvents.user();

    @Test
    void aReservationStillOpenPastTheMaximumIsRefundedOnceWithAnAuditEntryAndALateOutcomeChangesNothing() {
        String forgotten = TestEvents.predictionId();
        double refundsBefore = backstopRefunds();
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            assertEquals(EventTypes.CREDITS_RESERVED, ReservationsTest.reserve(probe, forgotten, user, 3).type());
            Published refunded = Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, forgotten);
            assertEquals(EventTypes.CREDITS_REFUNDED, refunded.type());
            assertEquals(forgotten + ".refund", refunded.id());
            assertEquals(3, refunded.amount());
            assertEquals(10, refunded.available());
            assertEquals(0, refunded.reserved());

            // The outcome comes after all: the refund is final, the success confirms nothing and publishes nothing.
            TestEvents.awaitProcessed(probe, TestEvents.publish(probe, SettlementsTest.COMPLETED,
                    EventTypes.PREDICTION_COMPLETED, forgotten, TestEvents.completed(forgotten, "succeeded")));
            List<KafkaProbe.Event> settlements = Published.seen(probe, SettlementsTest.SETTLEMENTS, forgotten);
            assertTrue(settlements.stream().allMatch(event -> EventTypes.CREDITS_REFUNDED.equals(event.type())),
                    settlements::toString);
        }
        assertEquals(List.of("refund 3 10/0", "reserve 3 7/3", "grant 10 10/0"), Ledgers.of(user));
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then()
                .body("entries[0].reason", equalTo("backstop"));
        assertTrue(backstopRefunds() >= refundsBefore + 1, "kiln_credits_backstop_refunds_total counted it");
    }

    @Test
    void aSettledReservationIsLeftAlone() {
        String settled = TestEvents.predictionId();
        String forgotten = TestEvents.predictionId();
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            ReservationsTest.reserve(probe, settled, user, 2);
            TestEvents.publish(probe, SettlementsTest.COMPLETED, EventTypes.PREDICTION_COMPLETED, settled,
                    TestEvents.completed(settled, "succeeded"));
            assertEquals(EventTypes.CREDITS_CONFIRMED,
                    Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, settled).type());
            // A later reservation refunded by the backstop shows that it looked after the first was past the maximum.
            ReservationsTest.reserve(probe, forgotten, user, 1);
            await().atMost(PAST_THE_MAXIMUM).until(() -> !Published.seen(probe, SettlementsTest.SETTLEMENTS,
                    forgotten).isEmpty());
            assertEquals(1, Published.seen(probe, SettlementsTest.SETTLEMENTS, settled).size());
        }
        assertEquals(List.of("refund 1 8/0", "reserve 1 7/1", "confirm 2 8/0", "reserve 2 8/2", "grant 10 10/0"),
                Ledgers.of(user));
    }

    @Test
    void replicasRunningTheBackstopAtOnceRefundEachReservationOnce() {
        List<String> predictions = IntStream.range(0, 5).mapToObj(i -> TestEvents.predictionId()).toList();
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS, SettlementsTest.SETTLEMENTS)) {
            predictions.forEach(prediction -> ReservationsTest.reserve(probe, prediction, user, 1));
            // Four more runs at once besides the scheduled one, as four replicas would.
            await().atMost(PAST_THE_MAXIMUM).until(() -> {
                List<CompletableFuture<Integer>> runs = IntStream.range(0, 4)
                        .mapToObj(i -> CompletableFuture.supplyAsync(backstop::refundOverdue)).toList();
                runs.forEach(CompletableFuture::join);
                return Ledgers.of(user).stream().filter(line -> line.startsWith("refund")).count() == 5;
            });
            predictions.forEach(prediction -> Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, prediction));
        }
        List<String> ledger = Ledgers.of(user);
        assertEquals(5 + 5 + 1, ledger.size(), ledger::toString);
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(10)).body("reserved", equalTo(0));
    }

    private static double backstopRefunds() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^kiln_credits_backstop_refunds_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        assertTrue(value.find(), "kiln_credits_backstop_refunds_total is served");
        return Double.parseDouble(value.group(1));
    }
}
