package dev.kiln.gateway.deadlines;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.dispatch.Dispatch;
import dev.kiln.gateway.dispatch.ProviderCancels;
import dev.kiln.gateway.dispatch.ProviderConfig;
import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionError;
import dev.kiln.gateway.prediction.PredictionStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Ends the predictions that reached their deadline (docs/gateway-service.md#deadlines), on every replica, every
 * {@code kiln.gateway.deadlines.sweep-every}. Not started yet (the provider never reported it running): it ends
 * {@code aborted} at once, as at Replicate, and is never charged; a job made for it is canceled at the provider.
 * Started: its Cancel-After cancels it at the provider, and it turns canceled when the provider says so; the global
 * maximum ends it {@code failed} with {@code timed_out} at once (Replicate's 30-minute timeout) and cancels the job.
 * Safe with several replicas: the look-up skips rows that others hold locked, and each ending is decided again under
 * the prediction's row lock, where a prediction already ended (or already being canceled) is left as it is.
 */
@ApplicationScoped
public class DeadlineSweep {

    private static final Logger LOG = Logger.getLogger(DeadlineSweep.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Not terminal, and past its deadline or the global maximum; one whose job is already being canceled waits for
     * the provider until the global maximum. %s narrows it to some owners (tests).
     */
    private static final String DUE = """
            select p.id from predictions p
             where p.status in ('starting', 'processing')
               and (p.deadline <= now() or p.created_at <= now() - make_interval(secs => ?1))
               and (p.created_at <= now() - make_interval(secs => ?1)
                    or not exists (select 1 from dispatches d where d.prediction_id = p.id and d.cancel_requested))
               %s
             order by coalesce(p.deadline, p.created_at)
             limit ?2
             for update of p skip locked""";

    private final EntityManager database;
    private final Lifecycle lifecycle;
    private final EventPublisher events;
    private final ProviderCancels cancels;
    private final ProviderConfig provider;
    private final DeadlinesConfig config;
    private final GatewayConfig gateway;

    DeadlineSweep(EntityManager database, Lifecycle lifecycle, EventPublisher events, ProviderCancels cancels,
            ProviderConfig provider, DeadlinesConfig config, GatewayConfig gateway) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.events = events;
        this.cancels = cancels;
        this.provider = provider;
        this.config = config;
        this.gateway = gateway;
    }

    @Scheduled(every = "${kiln.gateway.deadlines.sweep-every:5s}", delayed = "${kiln.gateway.deadlines.sweep-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        List<String> due;
        try {
            due = due();
        } catch (RuntimeException e) {
            LOG.warnf("No deadline sweep this round: %s", e.getMessage());
            return;
        }
        for (String id : due) {
            try {
                end(id, Instant.now());
            } catch (RuntimeException e) {
                LOG.warnf("Prediction %s past its deadline not ended this round: %s", id, e.getMessage());
            }
            cancels.sendNow(id);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> due() {
        Optional<List<String>> owners = gateway.sweepOwners();
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = database.createNativeQuery(DUE.formatted(owners.isPresent() ? "and p.owner in (?3)" : ""))
                    .setParameter(1, config.maximum().toMillis() / 1000.0)
                    .setParameter(2, config.sweepBatch());
            owners.ifPresent(list -> query.setParameter(3, list));
            return (List<String>) query.getResultList();
        });
    }

    /** Ends one prediction if it is (still) due: decided under its row lock, so that it is done once. */
    void end(String id, Instant now) {
        lifecycle.apply(id, prediction -> decide(prediction, now));
    }

    private Prediction decide(Prediction prediction, Instant now) {
        if (prediction.status().isTerminal()) {
            return prediction;
        }
        boolean pastMaximum = !now.isBefore(prediction.createdAt().plus(config.maximum()));
        boolean pastDeadline = prediction.deadline() != null && !now.isBefore(prediction.deadline());
        if (!pastMaximum && !pastDeadline) {
            return prediction;
        }
        Optional<Dispatch> dispatch = Dispatch.lockByPrediction(prediction.id());
        String maximum = CancelAfter.format(config.maximum());
        if (prediction.startedAt() == null) {
            PredictionError reason = pastMaximum
                    ? new PredictionError(PredictionError.TIMED_OUT, "The prediction did not start within the "
                            + "maximum of " + maximum + "; it was not charged.")
                    : new PredictionError(PredictionError.DEADLINE_EXCEEDED, "The prediction did not start before "
                            + "its deadline (Cancel-After); it was not charged.");
            if (dispatch.isEmpty()) {
                // No job, and none will be made: a reservation that comes later gets this outcome again.
                Dispatch.recordCanceledBeforeDispatch(prediction.id(), provider.name());
            } else {
                dispatch.get().requestCancel(); // a job being created is canceled as soon as the create answers
            }
            publish(prediction.id(), PredictionStatus.ABORTED, reason, dispatch, now);
            return prediction.withAbort(reason, now);
        }
        dispatch.ifPresent(Dispatch::requestCancel);
        if (!pastMaximum) {
            return prediction; // canceled at the provider; it turns canceled when the provider says so
        }
        PredictionError timedOut = new PredictionError(PredictionError.TIMED_OUT,
                "The prediction ran past the maximum of " + maximum + " and was stopped.");
        publish(prediction.id(), PredictionStatus.FAILED, timedOut, dispatch, now);
        return prediction.withFailure(timedOut, now, null, null);
    }

    /** Inside the transaction: if Kafka does not take it, nothing changes and the next sweep tries again. */
    private void publish(String id, PredictionStatus status, PredictionError reason, Optional<Dispatch> dispatch,
            Instant now) {
        String providerId = dispatch.map(d -> d.providerPredictionId).orElse(null);
        var event = new PredictionCompleted(id, providerId == null ? null : dispatch.get().provider, providerId,
                status.wireName(), null, reason.toEventDetail(), null, null, null, now, now);
        try {
            events.publishCompleted(event).await().atMost(PUBLISH_TIMEOUT);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("The event log is unavailable.", e);
        }
    }
}
