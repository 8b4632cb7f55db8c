package dev.kiln.webhook.early;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.relay.StatusRelay;
import dev.kiln.webhook.translate.ReplicatePrediction;
import dev.kiln.webhook.translate.UntranslatableCallbackException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Issue 9: the provider's first webhook arrives about 12 ms after the create, before prediction.dispatched is read
 * here. Answering it 503 cost a second per prediction (the provider's retry). Instead a verified webhook whose
 * provider prediction is not recorded yet (and is not a stray) is held in PostgreSQL and answered 200; when the
 * dispatch is recorded, its held webhooks are relayed in arrival order, exactly as if they had just come. Only the
 * provider prediction id in the signed body matches a held webhook to a dispatch, never the URL.
 */
@ApplicationScoped
public class EarlyWebhooks {

    private static final Logger LOG = Logger.getLogger(EarlyWebhooks.class);

    private final HeldWebhooks held;
    private final Duration retention;
    private final DispatchStore dispatches;
    private final StatusRelay relay;
    private final ObjectMapper json;

    EarlyWebhooks(HeldWebhooks held, DispatchStore dispatches, StatusRelay relay, ObjectMapper json,
            WebhookConfig config) {
        this.held = held;
        this.retention = config.early().retention();
        this.dispatches = dispatches;
        this.relay = relay;
        this.json = json;
    }

    /**
     * Holds a verified webhook, then looks for its dispatch once more: one recorded between the webhook's lookup and
     * the hold would otherwise never see it. Completes once the webhook is durable (held, or relayed).
     */
    public Uni<Void> hold(String provider, String webhookId, ReplicatePrediction prediction, String body) {
        return held.hold(provider, webhookId, prediction.id(), body)
                .chain(() -> dispatches.findByProviderPrediction(provider, prediction.id()))
                .chain(dispatch -> dispatch.isPresent() ? releaseFor(dispatch.get()) : Uni.createFrom().voidItem());
    }

    /**
     * Relays the webhooks held for this dispatch, in arrival order, each released once its event is acked. A failure
     * leaves the rest held, for the next try (the dispatch consumer retries): at worst an event is published twice,
     * which its consumers drop.
     */
    public Uni<Void> releaseFor(DispatchRecord dispatch) {
        return held.heldFor(dispatch.provider(), dispatch.providerPredictionId())
                .chain(list -> relayInOrder(dispatch, list));
    }

    /** A verified webhook whose dispatch never came was not ours (another user of the provider account, say). */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetUnclaimed() {
        try {
            int forgotten = held.forgetBefore(Instant.now().minus(retention));
            if (forgotten > 0) {
                LOG.infof("Forgot %d early webhooks held past %s without their dispatch", forgotten, retention);
            }
        } catch (SQLException e) {
            LOG.warnf("Early webhooks not cleaned up this round, PostgreSQL unavailable: %s", e.getMessage());
        }
    }

    private Uni<Void> relayInOrder(DispatchRecord recorded, List<HeldWebhooks.Held> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(webhook -> dispatches
                        // Read again for each: a terminal one held earlier finishes the dispatch for those after it.
                        .findByProviderPrediction(recorded.provider(), recorded.providerPredictionId())
                        .chain(current -> relayOne(current.orElse(recorded), webhook))
                        .chain(() -> held.release(recorded.provider(), webhook.webhookId())))
                .collect().last()
                .invoke(() -> LOG.debugf("Relayed %d early webhooks of %s", list.size(),
                        recorded.providerPredictionId()))
                .replaceWithVoid();
    }

    private Uni<Void> relayOne(DispatchRecord dispatch, HeldWebhooks.Held webhook) {
        ReplicatePrediction prediction;
        try {
            prediction = ReplicatePrediction.parse(json, webhook.body());
            return relay.relay(prediction, dispatch).replaceWithVoid();
        } catch (UntranslatableCallbackException e) {
            // It was verified and parsed before it was held; a status this version cannot translate is dropped.
            LOG.warnf("Early webhook %s of %s dropped: %s", webhook.webhookId(), dispatch.providerPredictionId(),
                    e.getMessage());
            return Uni.createFrom().voidItem();
        }
    }
}
