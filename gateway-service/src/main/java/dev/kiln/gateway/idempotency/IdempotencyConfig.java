package dev.kiln.gateway.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kiln.gateway.idempotency")
public interface IdempotencyConfig {

    /** How long a key's first answer is kept and replayed. */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a key stays claimed by a request that has not answered yet: longer than a submit can take (Kafka's
     * delivery.timeout.ms, 120 s, bounds it), so that a slow first request is never run twice, and short enough
     * that a key whose replica died mid-request frees itself.
     */
    @WithDefault("3m")
    Duration inProgressExpiry();
}
