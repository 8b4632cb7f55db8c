package dev.kiln.gateway.timeline;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The admin timeline of one prediction (docs/gateway-service.md "Timeline"). */
@ConfigMapping(prefix = "kiln.gateway.timeline")
public interface TimelineConfig {

    /** The topics whose records of the prediction the timeline lists: every topic of deploy/kafka/topics.txt. */
    @WithDefault("prediction.requested,credits.reservations,prediction.dispatched,prediction.progressed,"
            + "prediction.completed,prediction.stored,credits.settlements")
    List<String> topics();

    /**
     * How far before the prediction's created_at the topics are read from: producers' clocks differ from the
     * gateway's, and a record's timestamp is its producer's.
     */
    @WithDefault("1m")
    Duration lookBack();

    /** How long reading the topics may take, metadata included, before the answer is 503. */
    @WithDefault("5s")
    Duration kafkaTimeout();

    /** How long the status store (Redis) and the provider may take; past it, their part says so. */
    @WithDefault("3s")
    Duration dependencyTimeout();

    /** Timelines read at once (each holds a worker thread and a Kafka consumer); more answer 503. */
    @WithDefault("4")
    int maxConcurrent();
}
