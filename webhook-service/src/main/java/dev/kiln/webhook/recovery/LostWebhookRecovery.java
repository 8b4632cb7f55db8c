package dev.kiln.webhook.recovery;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.metrics.ProviderCalls;
import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.relay.StatusRelay;
import dev.kiln.webhook.translate.ReplicatePrediction;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.scheduler.Scheduled;

/**
 * Lost webhooks (issue 8): a webhook can fail to come (the provider's retries ran out while we were down, a network
 * dropped it), and then its prediction would stay {@code processing} and its credits reserved for ever. So every
 * {@code kiln.webhook.recovery.interval}, each replica claims the dispatches that are unfinished past their model's
 * estimate plus a grace ({@link DispatchStore#claimDue}: SKIP LOCKED, and each claim moves the next check ahead with
 * backoff), asks the provider {@code GET /v1/predictions/{id}}, and relays what it says exactly as a webhook would be
 * ({@link StatusRelay}): a terminal outcome is published and finishes the dispatch.
 */
@ApplicationScoped
public class LostWebhookRecovery {

    private static final Logger LOG = Logger.getLogger(LostWebhookRecovery.class);

    private final WebhookConfig config;
    private final DispatchStore dispatches;
    private final StatusRelay relay;
    private final Recoveries recoveries;
    private final ObjectMapper json;
    private final ProviderCalls calls;
    private final Map<String, PredictionClient> clients = new ConcurrentHashMap<>();

    LostWebhookRecovery(WebhookConfig config, DispatchStore dispatches, StatusRelay relay, Recoveries recoveries,
            ObjectMapper json, ProviderCalls calls) {
        this.calls = calls;
        this.config = config;
        this.dispatches = dispatches;
        this.relay = relay;
        this.recoveries = recoveries;
        this.json = json;
    }

    @Scheduled(every = "${kiln.webhook.recovery.interval}", delayed = "${kiln.webhook.recovery.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        WebhookConfig.Recovery settings = config.recovery();
        try {
            List<DispatchRecord> due = dispatches.claimDue(settings.batchSize(), settings.backoff(),
                    settings.maxBackoff());
            due.forEach(this::check);
            dispatches.forgetFinishedBefore(Instant.now().minus(config.dispatches().ttl()));
        } catch (SQLException e) {
            LOG.warnf("Lost-webhook recovery skipped this round, PostgreSQL unavailable: %s", e.getMessage());
        }
    }

    /** Asks the provider about one dispatch and relays the answer; any failure leaves it for its next check. */
    void check(DispatchRecord dispatch) {
        WebhookConfig.Provider settings = config.providers().get(dispatch.provider());
        if (settings == null) {
            LOG.warnf("Dispatch %s names provider %s, which is not configured here; not checked",
                    dispatch.providerPredictionId(), dispatch.provider());
            recoveries.count("failed");
            return;
        }
        Duration bound = settings.requestTimeout().plus(config.publish().timeout()).multipliedBy(2);
        try {
            // Bounded inside the timed call, so that a timeout is counted as one; the await's own bound only guards.
            String body = calls.timed(ProviderCalls.GET, () -> client(dispatch.provider(), settings)
                            .get(dispatch.providerPredictionId(), "Bearer " + settings.apiToken())
                            .ifNoItem().after(settings.requestTimeout()).fail())
                    .await().atMost(settings.requestTimeout().multipliedBy(2));
            ReplicatePrediction prediction = json.readValue(body, ReplicatePrediction.class);
            if (prediction == null || !dispatch.providerPredictionId().equals(prediction.id())) {
                throw new IllegalStateException("the provider answered about another prediction");
            }
            var relayed = relay.relay(prediction, dispatch).await().atMost(bound);
            String outcome = relayed == StatusRelay.Relayed.ALREADY_FINISHED ? "already_finished"
                    : prediction.finished() ? "completed" : "progressed";
            recoveries.count(outcome);
            LOG.infof("Recovery asked the provider about %s (prediction %s): %s, %s", dispatch.providerPredictionId(),
                    dispatch.predictionId(), prediction.status(), outcome);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? -1 : e.getResponse().getStatus();
            recoveries.count(status == 404 ? "not_found" : "failed");
            LOG.warnf("Recovery could not learn the status of %s (prediction %s): provider answered %d",
                    dispatch.providerPredictionId(), dispatch.predictionId(), status);
        } catch (JsonProcessingException | RuntimeException e) {
            recoveries.count("failed");
            LOG.warnf("Recovery could not learn the status of %s (prediction %s): %s",
                    dispatch.providerPredictionId(), dispatch.predictionId(), e.toString());
        }
    }

    private PredictionClient client(String provider, WebhookConfig.Provider settings) {
        return clients.computeIfAbsent(provider, name -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(PredictionClient.class));
    }
}
