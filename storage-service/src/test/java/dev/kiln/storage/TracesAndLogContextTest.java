package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.storage.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.LogCapture;
import dev.kiln.testing.TraceContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One trace per prediction across Kafka (docs/observability.md): what storage-service publishes about a prediction
 * continues the trace of the prediction.completed it consumed, the S3 put is a span of that trace, and what it logs
 * while processing the record carries the prediction id and the trace id.
 */
@QuarkusTest
class TracesAndLogContextTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @FileHost.Inject
    WireMockServer fileHost;

    @Inject
    RecordedSpans spans;

    @Test
    void theStoredEventContinuesTheTraceOfTheCompletionAndTheS3PutIsAChildSpanOfItsProcessing() {
        String id = Predictions.newId();
        TraceContext trace = TraceContext.fresh();
        String path = "/traced/" + id + "/0.png";
        fileHost.stubFor(get(path).willReturn(ok().withBody(Images.png())));

        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED)) {
            TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)), Instant.now(),
                    Map.of("traceparent", trace.traceparent(true)));
            var outcome = TestEvents.awaitOutcome(probe, id);

            assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
            String traceparent = outcome.headers().get("traceparent");
            assertEquals(trace.traceId(), TraceContext.traceIdOf(traceparent), "prediction.stored: " + traceparent);
            assertNotEquals(trace.spanId(), traceparent.split("-")[2], "a span of its own");
        }

        SpanData put = await().atMost(WAIT).until(() -> spans.ofTrace(trace.traceId()).stream()
                .filter(span -> span.getName().equals("S3.PutObject")).findFirst(), Optional::isPresent).orElseThrow();
        assertEquals(SpanKind.CLIENT, put.getKind(), put.toString());
        SpanData processing = await().atMost(WAIT).until(() -> spans.ofTrace(trace.traceId()).stream()
                .filter(span -> span.getSpanId().equals(put.getParentSpanId())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertEquals(SpanKind.CONSUMER, processing.getKind(), "the put's parent: " + processing);
        assertEquals(trace.spanId(), processing.getParentSpanId(), "the consumer's parent: the record's traceparent");
    }

    @Test
    void whatItLogsAboutAPredictionCarriesItsIdAndTraceId() {
        String id = Predictions.newId();
        TraceContext trace = TraceContext.fresh();
        String path = "/traced/" + id + "/0.png";
        fileHost.stubFor(get(path).willReturn(aResponse().withBody("<html></html>").withHeader("Content-Type", "text/html")));

        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED);
                LogCapture logs = LogCapture.start()) {
            TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)), Instant.now(),
                    Map.of("traceparent", trace.traceparent(false)));
            assertEquals(EventTypes.PREDICTION_STORAGE_FAILED, TestEvents.awaitOutcome(probe, id).type());

            LogCapture.Line line = await().atMost(WAIT).until(() -> logs.lines().stream()
                    .filter(l -> l.message().startsWith("Outputs of prediction " + id + " not stored")).findFirst(),
                    Optional::isPresent).orElseThrow();
            assertEquals(id, line.predictionId(), line.toString());
            assertEquals(trace.traceId(), line.traceId(), line.toString());
        }
    }
}
