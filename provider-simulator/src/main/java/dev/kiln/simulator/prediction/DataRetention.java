package dev.kiln.simulator.prediction;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.simulator.SimulatorConfig;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps memory bounded as Replicate keeps its storage bounded: a finished prediction's data goes after the
 * retention period, and beyond the configured count the oldest finished predictions are forgotten.
 */
@ApplicationScoped
public class DataRetention {

    private final PredictionStore store;
    private final SimulatorConfig config;

    public DataRetention(PredictionStore store, SimulatorConfig config) {
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "${kiln.simulator.retention-sweep:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        // Images are cached by design and bounded by size; a prediction whose data is gone no longer serves its own.
        store.removeDataFinishedBefore(Instant.now().minus(config.retention()));
        store.forgetBeyond(config.maxPredictions());
    }
}
