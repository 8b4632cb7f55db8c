package dev.kiln.credits;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** The ledger's metrics of docs/metrics.md, read from PostgreSQL every 15 s. */
@QuarkusTest
class CreditsMetricsTest {

    /** Two refreshes of the gauges, and some room. */
    private static final Duration REFRESHED = Duration.ofSeconds(45);

    @Test
    void countsReservationsAndSettlementsByKind() {
        String reserves = "kiln_credits_ledger_entries_total{kind=\"reserve\"}";
        String refunds = "kiln_credits_ledger_entries_total{kind=\"refund\"}";
        String open = "kiln_credits_reservations_open";
        String held = "kiln_credits_reserved_credits";
        double reservesBefore = value(reserves);
        double refundsBefore = value(refunds);
        String prediction = TestEvents.predictionId();

        try (KafkaProbe probe = TestEvents.probe("credits.reservations", "credits.settlements")) {
            TestEvents.publish(probe, "prediction.requested", EventTypes.PREDICTION_REQUESTED, prediction,
                    TestEvents.requested(prediction, TestEvents.user(), 3));
            Published.awaitFirst(probe, "credits.reservations", prediction);
            await().atMost(REFRESHED).untilAsserted(() -> {
                assertTrue(value(reserves) >= reservesBefore + 1);
                assertTrue(value(open) >= 1);
                assertTrue(value(held) >= 3);
            });

            TestEvents.publish(probe, "prediction.completed", EventTypes.PREDICTION_COMPLETED, prediction,
                    TestEvents.completed(prediction, "failed"));
            Published.awaitFirst(probe, "credits.settlements", prediction);
            await().atMost(REFRESHED).untilAsserted(() -> assertTrue(value(refunds) >= refundsBefore + 1));
        }
    }

    static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return Optional.of(line).filter(Matcher::find).map(found -> Double.parseDouble(found.group(1)))
                .orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }
}
