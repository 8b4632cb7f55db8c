package dev.kiln.webhook.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * {@code kiln_provider_call_duration_seconds}, by operation and outcome, as in gateway-service (same name, labels and
 * outcomes; Prometheus tells the two apart by the scraped container): every HTTP call webhook-service makes to the
 * provider, each try of a retried call on its own. Operations: {@code get} (the lost-webhook recovery's
 * {@code GET /v1/predictions/{id}}), {@code cancel} (a stray's cancel), {@code secret} (fetching the webhook secret, at
 * start and after a failed verification). The catalogue: docs/metrics.md.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first call
@ApplicationScoped
public class ProviderCalls {

    public static final String GET = "get";
    public static final String CANCEL = "cancel";
    public static final String SECRET = "secret";
    static final String PROVIDER_CALL_DURATION = "kiln.provider.call.duration";
    private static final List<String> OUTCOMES = List.of("ok", "rejected", "throttled", "server_error", "timeout",
            "connection_error");

    private final MeterRegistry registry;

    ProviderCalls(MeterRegistry registry) {
        this.registry = registry;
        List.of(GET, CANCEL, SECRET).forEach(operation -> OUTCOMES.forEach(outcome -> timer(operation, outcome)));
    }

    /** The call, timed when it ends, with its outcome; bound it (ifNoItem) inside, so that a timeout is counted. */
    public <T> Uni<T> timed(String operation, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            long startedAt = System.nanoTime();
            return call.get().onItemOrFailure().invoke((item, failure) -> timer(operation, outcomeOf(failure))
                    .record(Duration.ofNanos(System.nanoTime() - startedAt)));
        });
    }

    static String outcomeOf(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            return status == 429 ? "throttled" : status >= 500 ? "server_error" : "rejected";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return "timeout";
            }
        }
        return "connection_error";
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(PROVIDER_CALL_DURATION)
                .description("HTTP calls to the provider, each try on its own, by operation and outcome")
                .tags("operation", operation, "outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                        Duration.ofSeconds(5), Duration.ofSeconds(15))
                .register(registry);
    }
}
