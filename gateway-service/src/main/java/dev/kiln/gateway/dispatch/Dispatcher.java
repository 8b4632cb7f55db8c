package dev.kiln.gateway.dispatch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.events.PredictionDispatched;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.tasks.TaskCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends reserved predictions to the provider, one job each. The dispatch is recorded before the create call; a
 * redelivered reservation then finds it and creates nothing again. A create whose outcome is unknown (a timeout, a
 * connection lost after sending: {@link AmbiguousCreateException}), or one left unfinished by a crash, is reconciled
 * rather than repeated: the job is looked for at the provider by the prediction id its webhook URL carries, adopted
 * if found, and any other job carrying it is canceled; only when none is found is the create sent again, as the next
 * attempt. A job that shows up later still is a stray of an older attempt, which webhook-service cancels when its
 * webhook comes. The provider id is recorded under the prediction's row lock, and only as a job to cancel when the
 * prediction was canceled or aborted meanwhile. Blocking: runs on worker threads.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(2);
    /** The provider's clock and ours differ a little: the list is read this much further back than our record. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Lifecycle lifecycle;
    private final ProviderClient provider;
    private final ProviderConfig config;
    private final TaskCatalog catalog;
    private final EventPublisher events;
    private final ProviderCancels cancels;
    private final StatusStore statuses;
    /** Creates running in this process: a redelivery of one of them must wait for it, not start another. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    Dispatcher(Lifecycle lifecycle, ProviderClient provider, ProviderConfig config, TaskCatalog catalog,
            EventPublisher events, ProviderCancels cancels, StatusStore statuses) {
        this.lifecycle = lifecycle;
        this.provider = provider;
        this.config = config;
        this.catalog = catalog;
        this.events = events;
        this.cancels = cancels;
        this.statuses = statuses;
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

    /** Ended before the reservation came through: publish the outcome again, so that credits refunds. */
    private record RepublishCompletion(Prediction prediction) implements Plan {
    }

    /**
     * Create the job as {@code attempt}; when an earlier create may have made one ({@code lookFirst}: a dispatch left
     * in creating), look for it at the provider first.
     */
    private record Create(Prediction prediction, int attempt, String model, boolean lookFirst, Instant since)
            implements Plan {
    }

    /** Handles credits.reserved for the prediction. */
    public void dispatch(String predictionId) {
        if (!inFlight.add(predictionId)) {
            return;
        }
        try {
            Plan plan = lifecycle.lockAndRun(predictionId, this::plan);
            if (plan instanceof RepublishDispatched republish) {
                dispatched(predictionId);
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
        Optional<Dispatch> dispatch = Dispatch.lockByPrediction(prediction.id());
        String model = catalog.mode(prediction.task(), prediction.mode())
                .orElseThrow(() -> new IllegalStateException("No model for " + prediction.task() + "/"
                        + prediction.mode()))
                .model();
        if (dispatch.isPresent() && dispatch.get().state == Dispatch.State.CREATED) {
            return new RepublishDispatched(dispatchedEvent(dispatch.get(), model));
        }
        if (prediction.status().isTerminal()) {
            // Settled before the reservation came through (a cancel or a deadline right after submit): tell credits
            // again now that the reservation exists, so that it is refunded.
            return dispatch.filter(canceled -> canceled.state == Dispatch.State.CANCELED).isPresent()
                    ? new RepublishCompletion(prediction)
                    : new Skip();
        }
        if (dispatch.isPresent() && dispatch.get().state != Dispatch.State.CREATING) {
            return new Skip();
        }
        if (prediction.deadline() != null && !Instant.now().isBefore(prediction.deadline())) {
            return new Skip(); // past its deadline before it ran: the deadline sweep aborts it
        }
        int attempt = dispatch.map(previous -> previous.attempt + 1).orElse(1);
        Dispatch recorded = Dispatch.recordCreating(prediction.id(), config.name(), attempt);
        Instant since = recorded.createdAt != null ? recorded.createdAt : Instant.now();
        return new Create(prediction, attempt, model, dispatch.isPresent(), since);
    }

    private void create(Create plan) {
        Prediction prediction = plan.prediction();
        int attempt = plan.attempt();
        ProviderPrediction created = plan.lookFirst() ? reconcile(prediction.id(), plan.since()).orElse(null) : null;
        int tries = 0;
        while (created == null) {
            tries++;
            try {
                created = provider.create(plan.model(), prediction.input(), webhook(prediction.id(), attempt),
                        timeLeft(prediction)).await().atMost(CALL_TIMEOUT);
            } catch (AmbiguousCreateException unknown) {
                created = reconcile(prediction.id(), plan.since()).orElse(null);
                if (created == null) {
                    if (tries >= config.createAttempts()) {
                        fail(prediction, new ProviderFailedException(new PredictionError(
                                PredictionError.PROVIDER_UNAVAILABLE, "The provider kept failing: "
                                        + unknown.getMessage()), unknown));
                        return;
                    }
                    Optional<Integer> next = nextAttempt(prediction.id());
                    if (next.isEmpty()) {
                        return; // canceled or aborted meanwhile, with no job made: nothing to create
                    }
                    attempt = next.get();
                }
            } catch (ProviderFailedException failure) {
                fail(prediction, failure);
                return;
            }
        }
        record(plan, created);
    }

    /**
     * Records the job under the prediction's row lock: as our job while the prediction may still run, as a job to
     * cancel when it was canceled or aborted while the create ran (a cancel that came meanwhile either is seen here,
     * or saw the created dispatch and asked for the cancel itself).
     */
    private void record(Create plan, ProviderPrediction created) {
        String id = plan.prediction().id();
        record Recorded(PredictionDispatched event, boolean cancel, boolean stray) {
        }
        Recorded recorded = lifecycle.lockAndRun(id, current -> {
            Dispatch dispatch = Dispatch.lockByPrediction(id).orElseThrow();
            if (dispatch.state == Dispatch.State.CREATED && !created.id().equals(dispatch.providerPredictionId)) {
                return new Recorded(null, false, true); // another replica recorded another job first
            }
            dispatch.markCreated(created.id());
            if (current.status().isTerminal() || dispatch.cancelRequested) {
                dispatch.requestCancel();
            }
            return new Recorded(dispatchedEvent(dispatch, plan.model()), dispatch.cancelPending(), false);
        });
        if (recorded.stray()) {
            cancelStray(id, created);
            return;
        }
        dispatched(id);
        // Announced even when it is to be canceled: webhook-service then knows its webhooks as ours.
        publishDispatched(recorded.event());
        if (recorded.cancel()) {
            cancels.sendNow(id);
        }
    }

    /**
     * The provider has the prediction's job: it waits for dispatch no more, and the predictions after it move up one
     * place. If Redis misses this, the prediction's next status write takes it out of the queue.
     */
    private void dispatched(String predictionId) {
        try {
            statuses.leaveDispatchQueue(predictionId).await().atMost(QUEUE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("%s stays in the dispatch queue until its next status: %s", predictionId, e.getMessage());
        }
    }

    /** The next attempt, recorded; empty when the prediction no longer wants one (canceled or aborted). */
    private Optional<Integer> nextAttempt(String id) {
        return lifecycle.lockAndRun(id, current -> {
            Dispatch dispatch = Dispatch.lockByPrediction(id).orElseThrow();
            if (dispatch.state != Dispatch.State.CREATING) {
                return Optional.<Integer>empty();
            }
            if (current.status().isTerminal() || dispatch.cancelRequested) {
                dispatch.state = Dispatch.State.CANCELED;
                return Optional.<Integer>empty();
            }
            dispatch.attempt += 1;
            return Optional.of(dispatch.attempt);
        });
    }

    /**
     * Looks for the jobs whose webhook URL carries this prediction id, newest first, back to a little before the
     * dispatch was first recorded. Adopts the newest one still running (else the newest), and cancels the others.
     */
    Optional<ProviderPrediction> reconcile(String predictionId, Instant since) {
        List<ProviderPrediction> ours = new ArrayList<>();
        String cursor = null;
        Instant oldest = since.minus(CLOCK_SKEW);
        for (int page = 0; page < config.reconcilePages(); page++) {
            ProviderPage found;
            try {
                found = provider.list(cursor).await().atMost(CALL_TIMEOUT);
            } catch (RuntimeException failure) {
                throw new IllegalStateException("The provider's list could not be read to find the job of "
                        + predictionId + "; the reservation is tried again", failure);
            }
            List<ProviderPrediction> results = found.results() == null ? List.of() : found.results();
            results.stream().filter(job -> carries(job.webhook(), predictionId)).forEach(ours::add);
            cursor = found.nextCursor();
            boolean pastOurs = !results.isEmpty() && results.get(results.size() - 1).createdAt() != null
                    && results.get(results.size() - 1).createdAt().isBefore(oldest);
            if (cursor == null || pastOurs) {
                break;
            }
        }
        if (ours.isEmpty()) {
            return Optional.empty();
        }
        ProviderPrediction adopted = ours.stream().filter(job -> !job.isFinished()).findFirst().orElse(ours.get(0));
        LOG.infof("Adopted the provider's job %s for %s (found %d carrying it)", adopted.id(), predictionId,
                ours.size());
        ours.stream().filter(job -> job != adopted && !job.isFinished()).forEach(job -> cancelStray(predictionId, job));
        return Optional.of(adopted);
    }

    /** Whether a webhook URL is ours for this prediction: its prediction_id parameter, exactly. */
    static boolean carries(String webhook, String predictionId) {
        if (webhook == null) {
            return false;
        }
        String query;
        try {
            query = URI.create(webhook).getRawQuery();
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("prediction_id=" + predictionId)) {
                return true;
            }
        }
        return false;
    }

    /** A job of ours that is not the recorded one: canceled now; if that fails, webhook-service cancels it. */
    private void cancelStray(String predictionId, ProviderPrediction job) {
        try {
            provider.cancel(job.id()).await().atMost(CALL_TIMEOUT);
            LOG.infof("Canceled the stray job %s of %s", job.id(), predictionId);
        } catch (RuntimeException failure) {
            LOG.warnf("The stray job %s of %s was not canceled (%s); webhook-service cancels it on its webhook",
                    job.id(), predictionId, failure.getMessage());
        }
    }

    private void fail(Prediction prediction, ProviderFailedException failure) {
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
    }

    private String webhook(String predictionId, int attempt) {
        return config.webhookUrl() + "?prediction_id=" + predictionId + "&attempt=" + attempt;
    }

    /** What is left of the prediction's deadline, for the provider's Cancel-After; null when it has none. */
    private static Duration timeLeft(Prediction prediction) {
        if (prediction.deadline() == null) {
            return null;
        }
        Duration left = Duration.between(Instant.now(), prediction.deadline());
        return left.isNegative() ? Duration.ofSeconds(1) : left;
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
