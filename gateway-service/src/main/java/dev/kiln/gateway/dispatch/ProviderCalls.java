package dev.kiln.gateway.dispatch;

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
 * {@code kiln_provider_call_duration_seconds}, by operation and outcome: every HTTP call to the provider, each try
 * of a retried call on its own (its {@code _count} is the number of calls). The catalogue: docs/metrics.md.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first event
@ApplicationScoped
public class ProviderCalls {

    static final String PROVIDER_CALL_DURATION = "kiln.provider.call.duration";
    static final String CREATE = "create";
    static final String CANCEL = "cancel";
    static final String LIST = "list";
    static final String GET = "get";
    private static final List<String> OUTCOMES = List.of("ok", "rejected", "throttled", "server_error", "timeout",
            "connection_error");

    private final MeterRegistry registry;

    ProviderCalls(MeterRegistry registry) {
        this.registry = registry;
        List.of(CREATE, CANCEL, LIST, GET).forEach(operation -> OUTCOMES.forEach(outcome -> timer(operation, outcome)));
    }

    /** The call, timed when it ends, with its outcome. */
    <T> Uni<T> timed(String operation, Supplier<Uni<T>> call) {
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
        if (failure instanceof WebApplicationException web) {
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
