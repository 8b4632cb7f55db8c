package dev.kiln.webhook.metrics;

import java.util.List;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import dev.kiln.observability.ProviderCallMetrics;

/**
 * {@code kiln_provider_call_duration_seconds} (kiln-observability's ProviderCallMetrics, as in gateway-service) for
 * webhook-service's calls to the provider: {@code get} (the lost-webhook recovery's {@code GET /v1/predictions/{id}}),
 * {@code cancel} (a stray's cancel), {@code secret} (fetching the webhook secret, at start and after a failed
 * verification). The catalogue: docs/metrics.md.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first call
@Singleton // not @ApplicationScoped: its client proxy would need a constructor without arguments up the hierarchy
public class ProviderCalls extends ProviderCallMetrics {

    public static final String GET = "get";
    public static final String CANCEL = "cancel";
    public static final String SECRET = "secret";

    ProviderCalls(MeterRegistry registry) {
        super(registry, List.of(GET, CANCEL, SECRET));
    }
}
