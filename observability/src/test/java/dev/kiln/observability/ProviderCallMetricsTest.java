package dev.kiln.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

class ProviderCallMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCallMetrics calls = new ProviderCallMetrics(registry, List.of("create", "get"));

    @Test
    void registersEverySeriesOfItsOperationsBeforeTheFirstCall() {
        assertEquals(2 * ProviderCallMetrics.OUTCOMES.size(),
                registry.find(ProviderCallMetrics.PROVIDER_CALL_DURATION).timers().size());
        assertEquals(0, count("create", "ok"));
        assertEquals(0, count("get", "connection_error"));
    }

    @Test
    void timesEachCallUnderItsOperationAndOutcome() {
        assertEquals("created", calls.timed("create", () -> Uni.createFrom().item("created")).await().indefinitely());
        failWith(new WebApplicationException(429));
        failWith(new WebApplicationException(503));
        failWith(new WebApplicationException(422));
        failWith(new RuntimeException(new TimeoutException("no answer")));
        failWith(new IOException("connection refused"));

        assertEquals(1, count("create", "ok"));
        assertEquals(1, count("create", "throttled"));
        assertEquals(1, count("create", "server_error"));
        assertEquals(1, count("create", "rejected"));
        assertEquals(1, count("create", "timeout"));
        assertEquals(1, count("create", "connection_error"));
        assertEquals(0, count("get", "ok"));
    }

    @Test
    void leavesTheCallsFailureAsItWas() {
        IllegalStateException failure = new IllegalStateException("provider down");
        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> calls.timed("get", () -> Uni.createFrom().failure(failure)).await().indefinitely()));
    }

    private void failWith(Throwable failure) {
        Uni<String> call = calls.timed("create", () -> Uni.createFrom().failure(failure));
        assertThrows(RuntimeException.class, () -> call.await().indefinitely());
    }

    private long count(String operation, String outcome) {
        return registry.get(ProviderCallMetrics.PROVIDER_CALL_DURATION).tag("operation", operation)
                .tag("outcome", outcome).timer().count();
    }
}
