package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.events.PredictionDispatched;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.tasks.TaskCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends reserved predictions to the provider, at most once each. The dispatch is recorded before the create call;
 * a redelivered reservation then finds it and creates nothing again. Only a crash between the provider's answer and
 * our record leads to a second create: the first one is then a stray, which webhook-service recognises (its
 * webhooks carry an older attempt) and cancels at the provider; the user is charged once, per prediction.
 * Blocking: runs on worker threads.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final Lifecycle lifecycle;
    private final ProviderClient provider;
    private final ProviderConfig config;
    private final TaskCatalog catalog;
    private final EventPublisher events;
    /** Creates running in this process: a redelivery of one of them must wait for it, not start another. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Dispatcher(Lifecycle lifecycle, ProviderClient provider, ProviderConfig config, TaskCatalog catalog,
            EventPublisher events) {
        this.lifecycle = lifecycle;
        this.provider = provider;
        this.config = config;
        this.catalog = catalog;
        this.events = events;
    }

    /** What a reservation calls for, decided under the prediction's row lock. */
    private sealed interface Plan {
    }

    /** Nothing: the dispatch failed or is running elsewhere, or the prediction ended without one. */
    private record Skip() implements Plan {
    }

    /** Already created (a redelivered reservation): publish prediction.dispatched again, create nothing. */
    private record RepublishDispatched(PredictionDispatched event) implements Plan {
    }

    /** Canceled before the reservation came through: publish the outcome again, so that credits refunds. */
    private record RepublishCompletion(Prediction prediction) implements Plan {
    }

    private record Create(Prediction prediction, int attempt, String model) implements Plan {
    }

    /** Handles credits.reserved for the prediction. */
    public void dispatch(String predictionId) {
        if (!inFlight.add(predictionId)) {
            return;
        }
        try {
            Plan plan = lifecycle.lockAndRun(predictionId, this::plan);
            if (plan instanceof RepublishDispatched republish) {
                publishDispatched(republish.event());
            } else if (plan instanceof RepublishCompletion republish) {
                republishCompletion(republish.prediction());
            } else if (plan instanceof Create create) {
                create(create);
            }
        } finally {
            inFlight.remove(predictionId);
        }
    }

    private Plan plan(Prediction prediction) {
        Optional<Dispatch> dispatch = Dispatch.findByPrediction(prediction.id());
        String model = catalog.mode(prediction.task(), prediction.mode())
                .orElseThrow(() -> new IllegalStateException("No model for " + prediction.task() + "/"
                        + prediction.mode()))
                .model();
        if (dispatch.isPresent() && dispatch.get().state == Dispatch.State.CREATED) {
            return new RepublishDispatched(dispatchedEvent(dispatch.get(), model));
        }
        if (prediction.status().isTerminal()) {
            // Settled before the reservation came through (a cancel right after submit): tell credits again now
            // that the reservation exists, so that it is refunded.
            return dispatch.filter(canceled -> canceled.state == Dispatch.State.CANCELED).isPresent()
                    ? new RepublishCompletion(prediction)
                    : new Skip();
        }
        if (dispatch.isPresent() && dispatch.get().state != Dispatch.State.CREATING) {
            return new Skip();
        }
        int attempt = dispatch.map(previous -> previous.attempt + 1).orElse(1);
        Dispatch.recordCreating(prediction.id(), config.name(), attempt);
        return new Create(prediction, attempt, model);
    }

    private void create(Create plan) {
        Prediction prediction = plan.prediction();
        String webhook = config.webhookUrl() + "?prediction_id=" + prediction.id() + "&attempt=" + plan.attempt();
        ProviderPrediction created;
        try {
            created = provider.create(plan.model(), prediction.input(), webhook).await().atMost(CALL_TIMEOUT);
        } catch (ProviderFailedException failure) {
            LOG.warnf("Prediction %s not dispatched: %s", prediction.id(), failure.getMessage());
            Instant now = Instant.now();
            // Published before the record changes: if the publish fails, the reservation is redelivered and the
            // dispatch tried again, instead of a failure that credits never hears of.
            events.publishCompleted(PredictionCompleted.decidedByGateway(prediction.id(),
                    PredictionStatus.FAILED.wireName(), failure.error().toEventDetail(), now))
                    .await().atMost(CALL_TIMEOUT);
            QuarkusTransaction.requiringNew().run(() -> Dispatch.lockByPrediction(prediction.id()).orElseThrow()
                    .markFailed(failure.error().code()));
            lifecycle.apply(prediction.id(), current -> current.withFailure(failure.error(), now, null, null));
            return;
        }
        // Under the dispatch's row lock: a cancel that came while the create ran is either seen here, or sees the
        // created dispatch and cancels at the provider itself.
        Dispatch dispatched = QuarkusTransaction.requiringNew().call(() -> {
            Dispatch dispatch = Dispatch.lockByPrediction(prediction.id()).orElseThrow();
            dispatch.markCreated(created.id());
            return dispatch;
        });
        publishDispatched(dispatchedEvent(dispatched, plan.model()));
        if (dispatched.cancelRequested) {
            provider.cancel(created.id()).await().atMost(CALL_TIMEOUT);
        }
    }

    private static PredictionDispatched dispatchedEvent(Dispatch dispatch, String model) {
        return new PredictionDispatched(dispatch.predictionId, dispatch.provider, dispatch.providerPredictionId,
                model, dispatch.attempt, Instant.now());
    }

    private void publishDispatched(PredictionDispatched event) {
        events.publishDispatched(event).await().atMost(CALL_TIMEOUT);
    }

    private void republishCompletion(Prediction prediction) {
        events.publishCompleted(PredictionCompleted.decidedByGateway(prediction.id(), prediction.status().wireName(),
                prediction.error() == null ? null : prediction.error().toEventDetail(), prediction.completedAt()))
                .await().atMost(CALL_TIMEOUT);
    }
}
