package dev.kiln.gateway.clientwebhooks;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.standardwebhooks.Webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends the due messages of callers' webhooks. Every {@code poll-every} each replica leases the due messages of its
 * delivery pool that no other replica holds (FOR UPDATE SKIP LOCKED) and sends them on the event loop (Vert.x
 * WebClient: no thread waits on a receiver), signed with the owner's secret per Standard Webhooks, to the address
 * its host resolved to and was checked at (WebhookUrls), redirects not followed. At most {@code max-concurrent}
 * deliveries are in flight on a replica and {@code max-per-endpoint} to one endpoint: a slow or dead receiver holds
 * back only its own messages. Nothing here is on the submit, status or consumer paths: those only write a row.
 */
@ApplicationScoped
public class WebhookDeliveries {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveries.class);

    /** How an attempt ended, as the metric counts it. */
    enum Outcome {
        DELIVERED, RETRYING, FAILED, DISABLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final WebhookMessages messages;
    private final WebhookSecrets secrets;
    private final WebhookUrls urls;
    private final ClientWebhooksConfig config;
    private final RetryPolicy retries;
    private final Vertx vertx;
    private final WebClient client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByEndpoint = new ConcurrentHashMap<>();
    private final Map<Outcome, Counter> outcomes = new java.util.EnumMap<>(Outcome.class);

    WebhookDeliveries(WebhookMessages messages, WebhookSecrets secrets, WebhookUrls urls, ClientWebhooksConfig config,
            Vertx vertx, MeterRegistry registry) {
        this.messages = messages;
        this.secrets = secrets;
        this.urls = urls;
        this.config = config;
        this.retries = RetryPolicy.of(config);
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.maxPerEndpoint())
                .setUserAgent("Kiln-Webhooks/1.0"));
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("kiln_client_webhook_deliveries")
                    .description("Attempts to deliver callers' webhooks, by what they came to")
                    .tag("outcome", outcome.label()).register(registry));
        }
    }

    @Scheduled(every = "${kiln.gateway.client-webhooks.poll-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        int free = config.maxConcurrent() - inFlight.get();
        if (free <= 0) {
            return;
        }
        List<WebhookMessages.Due> leased;
        try {
            leased = messages.lease(free, this::admit);
        } catch (RuntimeException databaseFailed) {
            LOG.warnf("Client webhooks: due messages could not be read (tried again in %s): %s", config.pollEvery(),
                    databaseFailed.getMessage());
            return;
        }
        for (WebhookMessages.Due due : leased) {
            String secret;
            try {
                secret = secrets.of(due.owner());
            } catch (RuntimeException databaseFailed) {
                release(due);
                LOG.warnf("Client webhooks: no secret for %s (its lease runs out, then it is sent): %s",
                        due.webhookId(), databaseFailed.getMessage());
                continue;
            }
            send(due, secret);
        }
    }

    /** Takes a slot overall and one of its endpoint's, or leaves the message for a later look. */
    private boolean admit(WebhookMessages.Due due) {
        AtomicInteger endpoint = inFlightByEndpoint.computeIfAbsent(endpoint(due.url()), key -> new AtomicInteger());
        if (endpoint.incrementAndGet() > config.maxPerEndpoint()) {
            endpoint.decrementAndGet();
            return false;
        }
        inFlight.incrementAndGet();
        return true;
    }

    private void release(WebhookMessages.Due due) {
        inFlight.decrementAndGet();
        inFlightByEndpoint.computeIfPresent(endpoint(due.url()), (key, count) -> count.decrementAndGet() <= 0 ? null
                : count);
    }

    private void send(WebhookMessages.Due due, String secret) {
        URI uri = URI.create(due.url());
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        Instant at = Instant.now();
        long started = System.nanoTime();
        // The host is resolved and checked before every attempt, off the event loop, and the request goes to the
        // address that was checked, with the name as Host and TLS server name.
        vertx.<InetAddress>executeBlocking(() -> urls.addressToConnect(uri.getHost()), false)
                .compose(address -> post(due, secret, uri, https, port, address))
                .onComplete(result -> {
                    long latencyMs = (System.nanoTime() - started) / 1_000_000;
                    vertx.executeBlocking(() -> {
                        record(due, at, latencyMs, result.succeeded() ? result.result() : null, result.cause());
                        return null;
                    }, false).onComplete(recorded -> {
                        release(due);
                        if (recorded.failed()) {
                            LOG.warnf("Client webhooks: the attempt %d of %s could not be recorded (sent again after"
                                    + " its lease): %s", due.attempt(), due.webhookId(), recorded.cause().getMessage());
                        }
                    });
                });
    }

    private Future<HttpResponse<Void>> post(WebhookMessages.Due due, String secret, URI uri, boolean https, int port,
            InetAddress address) {
        long timestamp = Instant.now().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret).sign(due.webhookId(), timestamp, due.body());
        } catch (Exception signingFailed) {
            return Future.failedFuture(signingFailed);
        }
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.request(HttpMethod.POST, SocketAddress.inetSocketAddress(port, address.getHostAddress()), port,
                        uri.getHost(), path)
                .ssl(https)
                .timeout(config.timeout().toMillis())
                .as(BodyCodec.none())
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", due.webhookId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature)
                .sendBuffer(Buffer.buffer(due.body()));
    }

    /** Blocking: records the attempt and decides what follows it. */
    private void record(WebhookMessages.Due due, Instant at, long latencyMs, HttpResponse<Void> response,
            Throwable failure) {
        Integer status = response == null ? null : response.statusCode();
        String error = response != null ? (status >= 200 && status < 300 ? null : "HTTP " + status)
                : describe(failure);
        WebhookMessages.Attempt attempt = new WebhookMessages.Attempt(at, status, latencyMs, error);
        Instant now = Instant.now();
        if (status != null && status >= 200 && status < 300) {
            messages.recordAttempt(due, attempt, "delivered", null, null);
            count(Outcome.DELIVERED);
        } else if (status != null && status == 410) {
            messages.recordAttempt(due, attempt, "disabled", null, "the endpoint answered 410 Gone: it is disabled,"
                    + " and later messages to it are not sent");
            LOG.infof("Client webhooks: %s answered 410 Gone; the endpoint of %s is disabled", due.url(), due.owner());
            count(Outcome.DISABLED);
        } else {
            Optional<Instant> next = due.redelivery() ? Optional.empty() : retries.next(due.attempt(), status,
                    response == null ? null : response.getHeader("Retry-After"), now);
            if (next.isPresent()) {
                messages.recordAttempt(due, attempt, "pending", next.get(), null);
                count(Outcome.RETRYING);
            } else {
                messages.recordAttempt(due, attempt, "failed", null, due.redelivery()
                        ? "the redelivery was not accepted"
                        : "gave up after " + due.attempt() + " attempts (the whole retry schedule)");
                count(Outcome.FAILED);
            }
        }
    }

    private void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }

    private String describe(Throwable failure) {
        if (failure instanceof UnreachableEndpointException unreachable) {
            return "not sent: " + unreachable.getMessage();
        }
        if (failure instanceof TimeoutException || failure instanceof io.netty.channel.ConnectTimeoutException
                || (failure != null && failure.getClass().getSimpleName().contains("Timeout"))) {
            return "no answer within " + config.timeout().toSeconds() + " s";
        }
        String message = failure == null ? null : failure.getMessage();
        return message == null ? (failure == null ? "failed" : failure.getClass().getSimpleName()) : message;
    }

    /** Scheme, host and port: what a receiver's slowness is counted against. */
    private static String endpoint(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
