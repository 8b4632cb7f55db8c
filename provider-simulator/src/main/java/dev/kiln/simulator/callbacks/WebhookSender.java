package dev.kiln.simulator.callbacks;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import dev.kiln.simulator.SimulatorConfig;
import dev.kiln.simulator.faults.FaultDraw;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Sends signed webhooks without blocking a thread: Standard Webhooks headers, re-signed with a fresh timestamp on
 * every attempt; redirects are not followed; 5xx, 429 and connection errors are retried on the configured
 * schedule (scaled, honouring Retry-After); other answers end the delivery.
 */
@ApplicationScoped
public class WebhookSender {

    private static final long MAX_RETRY_AFTER_MS = 3_600_000;

    private final Vertx vertx;
    private final WebClient client;
    private final SigningSecret secret;
    private final List<Duration> schedule;
    private final long minimumRetryDelayMs;
    private final long timeoutMs;

    public WebhookSender(Vertx vertx, SimulatorConfig config, SigningSecret secret) {
        SimulatorConfig.Webhooks webhooks = config.webhooks();
        this.vertx = vertx;
        this.timeoutMs = webhooks.timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setMaxPoolSize(webhooks.maxConnections())
                .setConnectTimeout((int) timeoutMs)
                .setUserAgent("kiln-provider-simulator"));
        // Each attempt signs with the secret as it is then, so that a rotation takes effect at once.
        this.secret = secret;
        this.schedule = webhooks.retrySchedule().isEmpty() ? List.of(Duration.ZERO) : webhooks.retrySchedule();
        this.minimumRetryDelayMs = webhooks.minimumRetryDelay().toMillis();
    }

    /** The webhook queue of one prediction. */
    public PredictionCallbacks callbacksFor(URI url, List<WebhookEvent> filter, FaultDraw draw) {
        return new PredictionCallbacks(this, url, filter, draw);
    }

    /** Completes (never exceptionally) once the message is delivered or given up on. */
    CompletionStage<Void> deliver(WebhookMessage message, int copy, double timeScale, Consumer<Delivery> log) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(message, copy, 0, timeScale, log, done);
        return done;
    }

    CompletionStage<Void> after(long delayMs) {
        if (delayMs <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> later = new CompletableFuture<>();
        vertx.setTimer(delayMs, timer -> later.complete(null));
        return later;
    }

    private void attempt(WebhookMessage message, int copy, int index, double timeScale, Consumer<Delivery> log,
                         CompletableFuture<Void> done) {
        long timestamp = Instant.now().getEpochSecond();
        String signature;
        try {
            signature = secret.signer().sign(message.webhookId(), timestamp, message.body());
        } catch (WebhookSigningException e) {
            log.accept(new Delivery(message.event().wireName(), message.webhookId(), copy, index + 1, null,
                    "signing failed: " + e.getMessage(), Instant.now(), "failed"));
            done.complete(null);
            return;
        }
        try {
            send(message, timestamp, signature)
                    .onComplete(result -> afterAttempt(message, copy, index, timeScale, log, done, result));
        } catch (RuntimeException unusableUrl) {
            log.accept(new Delivery(message.event().wireName(), message.webhookId(), copy, index + 1, null,
                    describe(unusableUrl), Instant.now(), "failed"));
            done.complete(null);
        }
    }

    private Future<HttpResponse<Buffer>> send(WebhookMessage message, long timestamp,
                                                            String signature) {
        return client.postAbs(message.url().toString())
                .timeout(timeoutMs)
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", message.webhookId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature)
                .sendBuffer(Buffer.buffer(message.body()));
    }

    private void afterAttempt(WebhookMessage message, int copy, int index, double timeScale, Consumer<Delivery> log,
                              CompletableFuture<Void> done, AsyncResult<HttpResponse<Buffer>> result) {
        Integer status = result.succeeded() ? result.result().statusCode() : null;
        boolean delivered = status != null && status >= 200 && status < 300;
        boolean retryable = !delivered && (status == null || status == 429 || status >= 500);
        boolean again = retryable && index + 1 < schedule.size();
        String error = result.failed() ? describe(result.cause()) : null;
        log.accept(new Delivery(message.event().wireName(), message.webhookId(), copy, index + 1, status, error,
                Instant.now(), delivered ? "delivered" : again ? "retrying" : "failed"));
        if (!again) {
            done.complete(null);
            return;
        }
        long scaled = Math.max(minimumRetryDelayMs, Math.round(schedule.get(index + 1).toMillis() * timeScale));
        long delay = Math.max(scaled, retryAfterMs(result));
        vertx.setTimer(delay, timer -> attempt(message, copy, index + 1, timeScale, log, done));
    }

    private static long retryAfterMs(AsyncResult<HttpResponse<Buffer>> result) {
        if (result.failed()) {
            return 0;
        }
        String retryAfter = result.result().getHeader("Retry-After");
        if (retryAfter == null) {
            return 0;
        }
        try {
            return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Long.parseLong(retryAfter.trim()) * 1000));
        } catch (NumberFormatException httpDate) {
            // An HTTP-date Retry-After is rare from webhook receivers; the schedule's own delay applies.
            return 0;
        }
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
