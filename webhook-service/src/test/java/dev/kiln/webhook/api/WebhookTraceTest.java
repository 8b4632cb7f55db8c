package dev.kiln.webhook.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.TraceContext;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.events.Channels;
import dev.kiln.webhook.tracing.DispatchTraces;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A provider's webhook arrives without our trace context; what webhook-service publishes from it continues the trace
 * of the prediction's prediction.dispatched record (docs/observability.md).
 */
@QuarkusTest
class WebhookTraceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchTraces traces;

    @Inject
    RedisDataSource redis;

    private KafkaProbe kafka;

    @BeforeEach
    void listen() {
        kafka = new KafkaProbe(bootstrapServers).listen(Channels.PREDICTION_COMPLETED_TOPIC);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    /** Publishes prediction.dispatched with a traceparent, as the gateway does, and waits until its context is kept. */
    private String dispatchedIn(TraceContext trace, String predictionId, String providerPredictionId) {
        kafka.send(Channels.PREDICTION_DISPATCHED_TOPIC, predictionId, Channels.PREDICTION_DISPATCHED_TYPE,
                Dispatches.event(predictionId, "replicate", providerPredictionId, 1),
                Map.of("traceparent", trace.traceparent(false)));
        return await().atMost(WAIT).until(() -> traces.traceparent(predictionId).await().atMost(Duration.ofSeconds(5)),
                kept -> kept != null);
    }

    private KafkaProbe.Event completedOf(String predictionId) {
        return await().atMost(WAIT).until(() -> kafka.eventsFor(predictionId).stream()
                .filter(event -> event.topic().equals(Channels.PREDICTION_COMPLETED_TOPIC)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    @Test
    void theEventOfAWebhookContinuesTheTraceOfItsDispatch() {
        TraceContext trace = TraceContext.fresh();
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        String kept = dispatchedIn(trace, predictionId, providerPredictionId);
        assertEquals(trace.traceId(), TraceContext.traceIdOf(kept), "the kept context is the dispatch's trace");

        // Delivered with no trace context of ours, as a provider does.
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString()).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("published"));

        String traceparent = completedOf(predictionId).header("traceparent");
        assertEquals(trace.traceId(), TraceContext.traceIdOf(traceparent), "prediction.completed: " + traceparent);
    }

    @Test
    void withoutAKeptContextTheWebhookIsStillPublishedInATraceOfItsOwn() {
        TraceContext trace = TraceContext.fresh();
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        dispatchedIn(trace, predictionId, providerPredictionId);
        redis.key().del(DispatchTraces.key(predictionId));

        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString()).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("published"));

        String traceId = TraceContext.traceIdOf(completedOf(predictionId).header("traceparent"));
        assertNotNull(traceId, "a trace context all the same");
        assertNotEquals(trace.traceId(), traceId);
    }
}
