package dev.kiln.simulator.prediction;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.simulator.SimulatorConfig;
import dev.kiln.simulator.render.RenderedImages;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps memory bounded as Replicate keeps its storage bounded: a finished prediction's data goes after the
 * retention period, and beyond the configured count the oldest finished predictions are forgotten.
 */
@ApplicationScoped
public class DataRetention {

    private final PredictionStore store;
    private final RenderedImages images;
    private final SimulatorConfig config;

    public DataRetention(PredictionStore store, RenderedImages images, SimulatorConfig config) {
        this.store = store;
        this.images = images;
        this.config = config;
    }

    @Scheduled(every = "${kiln.simulator.retention-sweep:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        store.removeDataFinishedBefore(Instant.now().minus(config.retention()))
                .forEach(prediction -> images.forget(prediction.id()));
        store.forgetBeyond(config.maxPredictions())
                .forEach(prediction -> images.forget(prediction.id()));
    }
}
