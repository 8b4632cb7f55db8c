package dev.kiln.gateway.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionEnded;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.tasks.TaskCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_prediction_duration_seconds}: from submit to the terminal status, by task, mode and status, recorded
 * once per prediction when the gateway applies that status. The task, mode and submit time are read from the status
 * store (still the previous version when the event fires: they never change), without blocking the consumer that
 * applied the status.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first event
@ApplicationScoped
public class PredictionDurations {

    static final String PREDICTION_DURATION = "kiln.prediction.duration";
    private static final Logger LOG = Logger.getLogger(PredictionDurations.class);
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600)};

    private final MeterRegistry registry;
    private final StatusStore statuses;

    PredictionDurations(MeterRegistry registry, StatusStore statuses, TaskCatalog catalog) {
        this.registry = registry;
        this.statuses = statuses;
        catalog.tasks().forEach((task, definition) -> definition.modes().keySet().forEach(mode -> EnumSet
                .of(PredictionStatus.SUCCEEDED, PredictionStatus.FAILED, PredictionStatus.CANCELED, PredictionStatus.ABORTED)
                .forEach(status -> timer(task, mode, status))));
    }

    void record(@Observes PredictionEnded ended) {
        Instant endedAt = Instant.now();
        statuses.find(ended.id()).subscribe().with(
                found -> found.ifPresent(prediction -> record(prediction, ended.status(), endedAt)),
                failure -> LOG.debugf("No duration recorded for %s: %s", ended.id(), failure.getMessage()));
    }

    private void record(Prediction prediction, PredictionStatus status, Instant endedAt) {
        timer(prediction.task(), prediction.mode(), status)
                .record(Duration.between(prediction.createdAt(), endedAt));
    }

    private Timer timer(String task, String mode, PredictionStatus status) {
        return Timer.builder(PREDICTION_DURATION)
                .description("Time from submit to the terminal status, by task, mode and status")
                .tags("task", task, "mode", mode, "status", status.wireName())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
