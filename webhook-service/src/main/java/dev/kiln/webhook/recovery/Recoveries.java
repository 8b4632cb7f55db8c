package dev.kiln.webhook.recovery;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_webhook_recoveries_total}, by outcome: each time the recovery asked the provider about a dispatch whose
 * webhook had not come. {@code completed}: a terminal outcome was published (a lost webhook recovered);
 * {@code progressed}: still running, its progress published; {@code already_finished}: a webhook finished it
 * meanwhile; {@code not_found}: the provider does not know it; {@code failed}: the provider or Kafka did not answer
 * (asked again later).
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first recovery
@ApplicationScoped
public class Recoveries {

    static final String RECOVERIES = "kiln.webhook.recoveries";
    static final List<String> OUTCOMES = List.of("completed", "progressed", "already_finished", "not_found", "failed");

    private final MeterRegistry registry;

    Recoveries(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(this::counter);
    }

    void count(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder(RECOVERIES)
                .description("Checks of dispatches whose webhook had not come, by outcome")
                .tags("outcome", outcome)
                .register(registry);
    }
}
