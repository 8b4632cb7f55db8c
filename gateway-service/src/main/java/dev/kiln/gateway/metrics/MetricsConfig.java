package dev.kiln.gateway.metrics;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's own metrics (docs/metrics.md): how often the gauges read their sources, and what counts as stuck. */
@ConfigMapping(prefix = "kiln.gateway.metrics")
public interface MetricsConfig {

    /** How often the gauges read PostgreSQL and Kafka: a scrape never queries anything itself. */
    @WithDefault("15s")
    Duration refresh();

    /**
     * A prediction not terminal after this many times its mode's estimate is stuck ({@code kiln_predictions_stuck}).
     * The estimate is the provider's time alone; queueing, storing and settling add to it.
     */
    @WithDefault("4")
    double stuckFactor();

    /** The dead-letter topics whose depth {@code kiln_dlq_records} reports: every topic's .dlq. */
    @WithDefault("prediction.requested.dlq,credits.reservations.dlq,prediction.dispatched.dlq,"
            + "prediction.progressed.dlq,prediction.completed.dlq,prediction.stored.dlq,credits.settlements.dlq")
    List<String> deadLetterTopics();
}
