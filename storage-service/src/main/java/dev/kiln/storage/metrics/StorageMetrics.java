package dev.kiln.storage.metrics;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_storage_stored_bytes_total}, {@code kiln_storage_objects_stored_total} and
 * {@code kiln_storage_failures_total}: what storage-service put into the bucket, and the predictions whose outputs
 * it gave up on (their reason is free text, in {@code storage_failures}: no label);
 * {@code kiln_storage_download_duration_seconds}: each attempt at downloading an output from the provider's file host,
 * by outcome. The catalogue: docs/metrics.md.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first prediction
@ApplicationScoped
public class StorageMetrics {

    /**
     * The outcomes of a download attempt, as those of the gateway's provider calls: {@code ok}, {@code rejected}
     * (a 3xx or 4xx answer, a body that is no image or is too large), {@code throttled} (429), {@code server_error}
     * (5xx), {@code timeout} (connect, answer or body too slow, or 408), {@code connection_error} (refused or broken).
     */
    public static final List<String> DOWNLOAD_OUTCOMES = List.of("ok", "rejected", "throttled", "server_error",
            "timeout", "connection_error");

    private final Counter bytes;
    private final Counter objects;
    private final Counter failures;
    private final MeterRegistry registry;

    StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
        DOWNLOAD_OUTCOMES.forEach(this::downloadTimer);
        bytes = Counter.builder("kiln.storage.stored").baseUnit("bytes")
                .description("Bytes of outputs put into the bucket").register(registry);
        objects = Counter.builder("kiln.storage.objects.stored")
                .description("Outputs put into the bucket").register(registry);
        failures = Counter.builder("kiln.storage.failures")
                .description("Predictions whose outputs could not be stored (prediction.storage_failed)")
                .register(registry);
    }

    /** An output is in the bucket and recorded. */
    public void stored(long length) {
        objects.increment();
        bytes.increment(length);
    }

    /** A prediction's outputs were given up on, for the first time. */
    public void failed() {
        failures.increment();
    }

    /** One attempt at downloading an output ended with {@code outcome} (one of {@link #DOWNLOAD_OUTCOMES}). */
    public void downloaded(String outcome, Duration took) {
        downloadTimer(outcome).record(took);
    }

    private Timer downloadTimer(String outcome) {
        return Timer.builder("kiln.storage.download.duration")
                .description("Attempts at downloading an output from the provider's file host, by outcome")
                .tags("outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                        Duration.ofSeconds(5), Duration.ofSeconds(15))
                .register(registry);
    }
}
