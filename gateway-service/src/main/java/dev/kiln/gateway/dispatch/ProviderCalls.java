package dev.kiln.gateway.dispatch;

import java.util.List;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.kiln.observability.ProviderCallMetrics;

/**
 * {@code kiln_provider_call_duration_seconds} (kiln-observability's ProviderCallMetrics) for gateway-service's calls to
 * the provider: the dispatch's {@code create}, a {@code cancel}, the {@code list} that looks for the job of a create
 * whose outcome was unknown, and the admin timeline's {@code get}. The catalogue: docs/metrics.md.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first event
@Singleton // not @ApplicationScoped: its client proxy would need a constructor without arguments up the hierarchy
public class ProviderCalls extends ProviderCallMetrics {

    static final String CREATE = "create";
    static final String CANCEL = "cancel";
    static final String LIST = "list";
    static final String GET = "get";

    ProviderCalls(MeterRegistry registry) {
        super(registry, List.of(CREATE, CANCEL, LIST, GET));
    }
}
