package dev.kiln.observability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.ws.rs.WebApplicationException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * {@code kiln_provider_call_duration_seconds}, by operation and outcome: every HTTP call a service makes to the AI
 * provider, each try of a retried call on its own (its {@code _count} is the number of calls). gateway-service and
 * webhook-service both call the provider and time their calls by this one definition (same name, labels and
 * outcomes; Prometheus tells the two apart by the scraped container). The catalogue: docs/metrics.md.
 *
 * <p>Not a bean: each of those services has a bean that extends it with the operations it calls the provider for,
 * so that a service that never calls the provider serves no such series.
 */
public class ProviderCallMetrics {

    static final String PROVIDER_CALL_DURATION = "kiln.provider.call.duration";
    static final List<String> OUTCOMES = List.of("ok", "rejected", "throttled", "server_error", "timeout",
            "connection_error");

    private final MeterRegistry registry;

    /** Registers every series of the operations at once, so that they are at /q/metrics before the first call. */
    protected ProviderCallMetrics(MeterRegistry registry, List<String> operations) {
        this.registry = registry;
        operations.forEach(operation -> OUTCOMES.forEach(outcome -> timer(operation, outcome)));
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
