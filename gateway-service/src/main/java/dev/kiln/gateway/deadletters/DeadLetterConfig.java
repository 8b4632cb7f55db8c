package dev.kiln.gateway.deadletters;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dead-letter admin API (docs/gateway-service.md "Dead letters"). */
@ConfigMapping(prefix = "kiln.gateway.dead-letters")
public interface DeadLetterConfig {

    /** How long a replay is remembered, so that a second replay of the same record is refused: past any .dlq's retention. */
    @WithDefault("30d")
    Duration replayRetention();

    /** How long a list or a replay waits for Kafka before it answers 503. */
    @WithDefault("10s")
    Duration kafkaTimeout();
}
