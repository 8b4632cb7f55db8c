package dev.kiln.webhook.tracing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.kiln.observability.PredictionLogContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;

/**
 * Where a provider's webhook joins the trace of its prediction. The provider calls back without our trace context, so
 * webhook-service keeps the trace context of each prediction.dispatched record it consumes (its W3C traceparent, in
 * Redis under the prediction id, as long as a dispatch is remembered) and processes the prediction's webhooks in a
 * span whose parent is that context: the events it publishes (prediction.progressed, prediction.completed) carry the
 * prediction's trace id on, as every other hop does, and one trace shows the prediction from submit to settlement.
 * The provider's HTTP request keeps its own short trace (signature check, routing, replay claim); the two spans link
 * to each other, so either leads to the other.
 * <p>
 * A parent, not only a link: with a link alone each webhook would start a trace of its own, and everything after it
 * (storage, settlement, the gateway's status) would leave the prediction's trace. Kept beside, not inside, the dispatch
 * record: a context that is lost (Redis down, expired) costs only the continuity of that trace, never a webhook, so it
 * is written and read on a best-effort basis.
 */
@ApplicationScoped
public class DispatchTraces {

    private static final Logger LOG = Logger.getLogger(DispatchTraces.class);
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** How long the trace context of a dispatch is kept (kiln.webhook-traces.ttl): as long as the dispatch itself. */
    @ConfigMapping(prefix = "kiln.webhook-traces")
    public interface TracesConfig {
        @WithDefault("7d")
        Duration ttl();
    }

    private final ReactiveValueCommands<String, String> values;
    private final Duration ttl;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    DispatchTraces(ReactiveRedisDataSource redis, TracesConfig config, OpenTelemetry openTelemetry) {
        this.values = redis.value(String.class);
        this.ttl = config.ttl();
        this.tracer = openTelemetry.getTracer("dev.kiln.webhook");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * Keeps the current trace context, that of the prediction.dispatched record being consumed, for the prediction's
     * webhooks. Call it while that record is processed; the context is taken at the call.
     */
    public Uni<Void> remember(String predictionId) {
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(Context.current(), carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        if (traceparent == null) {
            return Uni.createFrom().voidItem();
        }
        return values.set(key(predictionId), traceparent, new SetArgs().px(ttl))
                .onFailure().invoke(failure -> LOG.debugf("Trace context of %s not kept: %s", predictionId,
                        failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The kept traceparent of a prediction's dispatch, or null. */
    public Uni<String> traceparent(String predictionId) {
        return values.get(key(predictionId))
                .onFailure().invoke(failure -> LOG.debugf("Trace context of %s not read: %s", predictionId,
                        failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /**
     * Runs the processing of a webhook about the prediction in a span of the prediction's trace (the parent is its
     * dispatch's context; without one, the webhook's own request), linked both ways to the webhook's request span; the
     * prediction id goes on the log lines from here on. Whatever {@code work} publishes while subscribed carries that
     * trace on.
     */
    public <T> Uni<T> continueTrace(String predictionId, Supplier<Uni<T>> work) {
        PredictionLogContext.put(predictionId);
        Context request = Context.current();
        return traceparent(predictionId).chain(traceparent -> {
            Context parent = traceparent == null ? request
                    : propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
            Span requestSpan = Span.fromContext(request);
            Span processing = tracer.spanBuilder("prediction webhook")
                    .setParent(parent)
                    .addLink(requestSpan.getSpanContext())
                    .setAttribute("kiln.prediction_id", predictionId)
                    .startSpan();
            requestSpan.addLink(processing.getSpanContext());
            Context processingContext = parent.with(processing);
            return Uni.createFrom().<T> emitter(emitter -> {
                // Subscribed within the span: the publisher's record takes the context current at its send.
                try (Scope scope = processingContext.makeCurrent()) {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                }
            }).onFailure().invoke(failure -> processing.setStatus(StatusCode.ERROR, failure.getMessage()))
                    .onTermination().invoke(processing::end);
        });
    }

    /** The Redis key of a prediction's kept context. */
    public static String key(String predictionId) {
        return "webhook:trace:" + predictionId;
    }
}
