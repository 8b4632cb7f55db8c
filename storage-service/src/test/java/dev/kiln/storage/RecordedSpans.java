package dev.kiln.storage;

import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * The spans the service under test ends, kept in memory as they end (Quarkus adds every SpanProcessor bean to its
 * tracer provider). Only sampled spans end up here: those of a trace a test started with a sampled traceparent,
 * since the sampler records no new trace (share 0).
 */
@Singleton
public class RecordedSpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanProcessor inMemory() {
        return SimpleSpanProcessor.create(exporter);
    }

    /** The spans of one trace ended so far. */
    public List<SpanData> ofTrace(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }
}
