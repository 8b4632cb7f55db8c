package dev.kiln.credits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.LogCapture;
import dev.kiln.testing.TraceContext;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One trace per prediction across Kafka (docs/observability.md): what credits-service publishes about a prediction
 * continues the trace of the record it consumed, and what it logs while processing that record carries the
 * prediction id and the trace id, on the worker thread that does the work.
 */
@QuarkusTest
class TracesAndLogContextTest {

    @Test
    void theReservationContinuesTheTraceOfTheRequest() {
        String prediction = TestEvents.predictionId();
        TraceContext trace = TraceContext.fresh();
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS)) {
            TestEvents.CONTRACT.assertValid(ReservationsTest.REQUESTED, EventTypes.PREDICTION_REQUESTED,
                    TestEvents.requested(prediction, TestEvents.user(), 1));
            probe.send(ReservationsTest.REQUESTED, prediction, EventTypes.PREDICTION_REQUESTED,
                    TestEvents.requested(prediction, TestEvents.user(), 1),
                    Map.of("traceparent", trace.traceparent(false)));

            KafkaProbe.Event reserved = await().atMost(Duration.ofSeconds(30))
                    .until(() -> Published.seen(probe, ReservationsTest.RESERVATIONS, prediction).stream().findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertEquals(trace.traceId(), TraceContext.traceIdOf(reserved.header("traceparent")),
                    "credits.reservations traceparent: " + reserved.header("traceparent"));
            assertNotEquals(trace.spanId(), reserved.header("traceparent").split("-")[2], "a span of its own");
        }
    }

    @Test
    void whatTheSettlementLogsCarriesThePredictionIdAndTraceIdOnItsWorkerThread() {
        String prediction = TestEvents.predictionId();
        TraceContext trace = TraceContext.fresh();
        try (KafkaProbe probe = TestEvents.probe();
                LogCapture logs = LogCapture.start("dev.kiln.credits.ledger")) {
            // No reservation for this prediction: the ledger says so at DEBUG, and publishes nothing.
            probe.send(SettlementsTest.COMPLETED, prediction, EventTypes.PREDICTION_COMPLETED,
                    TestEvents.completed(prediction, "failed"), Map.of("traceparent", trace.traceparent(false)));

            LogCapture.Line line = await().atMost(Duration.ofSeconds(30))
                    .until(() -> logs.lines().stream()
                            .filter(l -> l.message().startsWith(prediction + " ")).findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            assertEquals(prediction, line.predictionId(), line.toString());
            assertEquals(trace.traceId(), line.traceId(), line.toString());
            assertNotEquals("vert.x-eventloop-thread", line.thread().replaceAll("-\\d+$", ""), line.toString());
        }
    }
}
