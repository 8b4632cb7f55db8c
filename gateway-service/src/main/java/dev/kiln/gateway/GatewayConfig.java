package dev.kiln.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kiln.gateway")
public interface GatewayConfig {

    /** The gateway's public base URL, used in Location headers and in the prediction's urls. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** How long a prediction's status stays in Redis; after that GET reads the durable record in PostgreSQL. */
    @WithDefault("24h")
    Duration statusTtl();

    /**
     * How many changes of a prediction its history keeps (about: Redis trims whole blocks), for the live status stream
     * and its Last-Event-ID resumes. Each holds the prediction object after the change; a prediction makes a handful
     * of changes, more when its provider reports logs often.
     */
    @WithDefault("200")
    int historyLength();

    /**
     * How long a prediction's history is kept once it has ended (at most the status TTL): long enough for a stream to
     * resume, short enough that finished predictions do not hold every change they made in Redis for a day. After it,
     * a stream of the prediction sends its final object alone.
     */
    @WithDefault("1h")
    Duration historyRetentionAfterEnd();

    /**
     * Address ranges (CIDR) of the proxies whose X-Forwarded-For is believed; from any other peer the header is
     * ignored and the connection's address is the client's. Empty by default: no proxy is believed.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Whose predictions the scheduled sweeps (deadlines, provider cancels) look at; all when absent. The service tests
     * set one caller: they share PostgreSQL with a running stack, whose predictions their sweeps must leave alone.
     */
    Optional<List<String>> sweepOwners();

    /**
     * How long an event for a prediction the gateway does not know yet is held and tried again, from when it was
     * written, before it goes to its dead-letter topic (prediction.EarlyEvents).
     */
    @WithDefault("5m")
    Duration unknownPredictionPatience();

    /** The predictions waiting for dispatch (their queue_position). */
    DispatchQueue dispatchQueue();

    interface DispatchQueue {

        /** The Redis sorted set of the predictions accepted and not yet created at the provider (tests: their own). */
        @WithDefault("kiln:dispatch-queue")
        String key();

        /**
         * A prediction still in the set this long after its submit is dropped from it at the next submit: it ended
         * without its status write reaching Redis. No prediction waits longer (the deadlines' maximum, 30 min).
         */
        @WithDefault("30m")
        Duration forgetAfter();
    }
}
