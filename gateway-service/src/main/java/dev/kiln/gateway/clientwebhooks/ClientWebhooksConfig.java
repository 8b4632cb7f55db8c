package dev.kiln.gateway.clientwebhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivering callers' webhooks (docs/gateway-service.md#client-webhooks). */
@ConfigMapping(prefix = "kiln.gateway.client-webhooks")
public interface ClientWebhooksConfig {

    /**
     * Whether a webhook URL must be https. True in production; the local profile (./stack, tests, dev mode) also
     * takes http, for receivers on the developer's machine.
     */
    @WithDefault("true")
    boolean requireHttps();

    /**
     * Address ranges (CIDR) a webhook may reach although they are not public (private, loopback, link-local,
     * unique-local, CGNAT...). None in production: a webhook reaches only the public internet. The local profile
     * allows loopback.
     */
    Optional<List<String>> allowedNetworks();

    /** How long a receiver has to answer a delivery, connecting included. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * When each attempt of a message is sent, counted from the previous one: Standard Webhooks' schedule (the first
     * at once). Each delay gets the jitter below; after the last attempt the message has failed.
     */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
    List<Duration> retrySchedule();

    /** Each retry's delay is moved by up to this share, either way, so that retries of many messages spread out. */
    @WithDefault("0.1")
    double jitter();

    /** The longest Retry-After (on 429, 502, 504) that is honoured; a longer one waits this long. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** How often each replica looks for due messages (each look is one indexed query). */
    @WithDefault("1s")
    Duration pollEvery();

    /** At most this many deliveries in flight on one replica; due messages beyond it wait for the next look. */
    @WithDefault("64")
    int maxConcurrent();

    /**
     * At most this many deliveries in flight to one endpoint (scheme, host and port) on one replica, so that a slow
     * or dead receiver holds only its own messages back, never anyone else's.
     */
    @WithDefault("4")
    int maxPerEndpoint();

    /** A prediction's logs events come at most this often (Replicate: 500 ms); the newest logs are always sent. */
    @WithDefault("500ms")
    Duration logsInterval();

    /**
     * The gateways that deliver each other's messages: every replica of one deployment has the same pool. Service
     * tests, which share the database with a running stack but not its Kafka topics, take a pool of their own.
     */
    @WithDefault("default")
    String deliveryPool();
}
