package dev.kiln.storage.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_storage_stored_bytes_total}, {@code kiln_storage_objects_stored_total} and
 * {@code kiln_storage_failures_total}: what storage-service put into the bucket, and the predictions whose outputs
 * it gave up on (their reason is free text, in {@code storage_failures}: no label).
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first prediction
@ApplicationScoped
public class StorageMetrics {

    private final Counter bytes;
    private final Counter objects;
    private final Counter failures;

    StorageMetrics(MeterRegistry registry) {
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
}
