package dev.kiln.webhook.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.early.EarlyWebhooks;
import dev.kiln.webhook.relay.StatusRelay;
import dev.kiln.webhook.stray.StrayCanceller;
import dev.kiln.webhook.tracing.DispatchTraces;
import dev.kiln.webhook.translate.ReplicatePrediction;
import dev.kiln.webhook.translate.UntranslatableCallbackException;
import dev.kiln.webhook.verify.ReplayGuard;
import dev.kiln.webhook.verify.SignatureCheck;
import dev.kiln.webhook.verify.SigningSecrets;
import dev.kiln.webhook.verify.UnverifiedWebhookException;
import dev.kiln.webhook.verify.VerifiedWebhook;
import io.smallrye.mutiny.Uni;

/**
 * What a provider callback goes through: verify, parse, claim its webhook-id, route it by the provider id that our
 * dispatch recorded, then publish its event (or cancel a stray). Nothing here blocks the event loop: Redis and Kafka
 * are awaited as Uni, and the dispatch lookups in PostgreSQL run on worker threads.
 */
@ApplicationScoped
class WebhookIntake {

    private final WebhookConfig config;
    private final SignatureCheck signatures;
    private final SigningSecrets secrets;
    private final ReplayGuard replays;
    private final DispatchStore dispatches;
    private final StatusRelay relay;
    private final StrayCanceller strays;
    private final EarlyWebhooks early;
    private final ObjectMapper json;
    private final DispatchTraces traces;

    WebhookIntake(WebhookConfig config, SignatureCheck signatures, SigningSecrets secrets, ReplayGuard replays, DispatchStore dispatches,
            StatusRelay relay, StrayCanceller strays, EarlyWebhooks early, ObjectMapper json,
            DispatchTraces traces) {
        this.config = config;
        this.signatures = signatures;
        this.secrets = secrets;
        this.replays = replays;
        this.dispatches = dispatches;
        this.relay = relay;
        this.strays = strays;
        this.early = early;
        this.json = json;
        this.traces = traces;
    }

    Uni<Receipt> receive(String provider, Map<String, List<String>> headers, byte[] body, CallbackHint hint) {
        if (!config.providers().containsKey(provider)) {
            throw WebhookProblems.unknownProvider(provider);
        }
        return verify(provider, headers, body).chain(webhook -> {
            ReplicatePrediction prediction = parse(webhook);
            return replays.claim(provider, webhook.id()).chain(claim -> switch (claim) {
                case SEEN -> Uni.createFrom().item(Receipt.DUPLICATE);
                case IN_FLIGHT -> Uni.createFrom().failure(WebhookProblems.inFlight(webhook.id()));
                // The id counts as seen only once the outcome is durable; any failure frees it for the provider's retry.
                case FIRST -> route(provider, webhook, prediction, hint)
                        .call(() -> replays.markSeen(provider, webhook.id()))
                        .onFailure().call(() -> replays.release(provider, webhook.id()));
            });
        });
    }

    /**
     * Verifies against the secrets known; a failure has the provider's secret fetched again (it may have been rotated,
     * and a 401 is never retried by the provider), rate-limited, and the webhook verified once more if it changed.
     */
    private Uni<VerifiedWebhook> verify(String provider, Map<String, List<String>> headers, byte[] body) {
        try {
            return Uni.createFrom().item(signatures.verify(provider, headers, body));
        } catch (UnverifiedWebhookException unverified) {
            return secrets.refreshAfterFailure(provider).map(changed -> {
                if (!changed) {
                    throw unverified;
                }
                return signatures.verify(provider, headers, body);
            });
        }
    }

    private Uni<Receipt> route(String provider, VerifiedWebhook webhook, ReplicatePrediction prediction,
            CallbackHint hint) {
        return dispatches.findByProviderPrediction(provider, prediction.id()).chain(dispatch -> dispatch.isPresent()
                ? publish(prediction, dispatch.get())
                : strayOrEarly(provider, webhook, prediction, hint));
    }

    private Uni<Receipt> publish(ReplicatePrediction prediction, DispatchRecord dispatch) {
        // In the prediction's trace, which the provider's request does not carry (docs/observability.md).
        return traces.continueTrace(dispatch.predictionId(), () -> relay.relay(prediction, dispatch)).map(relayed -> switch (relayed) {
            case PUBLISHED -> Receipt.PUBLISHED;
            case ALREADY_FINISHED -> Receipt.ALREADY_FINISHED;
        });
    }

    /**
     * Not ours by any record. If the hinted prediction was dispatched as another provider prediction, by this attempt
     * or a later one, this one is a stray left by a crash mid-dispatch. Otherwise its dispatch is most likely not
     * recorded yet (the provider's first webhook comes ~12 ms after the create): it is held, answered 200, and relayed
     * when the dispatch is recorded (issue 9). One that was never ours is forgotten after
     * {@code kiln.webhook.early.retention}.
     */
    private Uni<Receipt> strayOrEarly(String provider, VerifiedWebhook webhook, ReplicatePrediction prediction,
            CallbackHint hint) {
        Uni<Optional<DispatchRecord>> hinted = hint.predictionId()
                .map(dispatches::findByPrediction)
                .orElse(Uni.createFrom().item(Optional.empty()));
        return hinted.chain(recorded -> {
            boolean stray = recorded
                    .filter(dispatch -> !dispatch.isProviderPrediction(provider, prediction.id()))
                    .filter(dispatch -> hint.attempt().orElse(dispatch.attempt()) <= dispatch.attempt())
                    .isPresent();
            if (!stray) {
                if (!prediction.documentedStatus()) {
                    throw new UntranslatableCallbackException("unknown prediction status '" + prediction.status() + "'");
                }
                return early.hold(provider, webhook.id(), prediction, webhook.body()).replaceWith(Receipt.HELD);
            }
            return prediction.finished()
                    ? Uni.createFrom().item(Receipt.STRAY_FINISHED)
                    : strays.cancel(provider, prediction.id()).replaceWith(Receipt.STRAY_CANCELED)
                            .onFailure().transform(failure -> WebhookProblems.strayNotCanceled(prediction.id()));
        });
    }

    private ReplicatePrediction parse(VerifiedWebhook webhook) {
        return ReplicatePrediction.parse(json, webhook.body());
    }
}
