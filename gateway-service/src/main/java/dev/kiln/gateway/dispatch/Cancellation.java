package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cancels predictions. Before dispatch, and while the create runs, the prediction is canceled at once and
 * prediction.completed (canceled) tells credits in the same transaction; a job that the running create makes is
 * canceled at the provider as soon as it answers (the dispatcher records it as a job to cancel). After dispatch the
 * provider is asked to cancel and the prediction turns canceled when the provider says so. Either way the provider
 * cancel is durable ({@link ProviderCancels}): sent again until the provider answers it. Blocking: worker threads.
 */
@ApplicationScoped
public class Cancellation {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Lifecycle lifecycle;
    private final ProviderCancels cancels;
    private final ProviderConfig config;
    private final EventPublisher events;

    Cancellation(Lifecycle lifecycle, ProviderCancels cancels, ProviderConfig config, EventPublisher events) {
        this.lifecycle = lifecycle;
        this.cancels = cancels;
        this.config = config;
        this.events = events;
    }

    private enum Decision {
        /** Canceled by us (no job yet, or one being created): the prediction turns canceled now. */
        CANCELED_HERE,
        /** A job runs: the provider is asked, and says when it is canceled. */
        AT_THE_PROVIDER,
        /** The dispatch ended without a job (a failed create): its outcome is on its way. */
        NOTHING
    }

    /**
     * Cancels the prediction and returns it as it now is.
     *
     * @throws AlreadyTerminalException if it had already finished
     * @throws DependencyUnavailableException if credits could not be told (Kafka); nothing changed then
     */
    public Prediction cancel(String id) {
        Instant now = Instant.now();
        Decision decision = lifecycle.lockAndRun(id, prediction -> {
            if (prediction.status().isTerminal()) {
                throw new AlreadyTerminalException(prediction);
            }
            Optional<Dispatch> dispatch = Dispatch.lockByPrediction(id);
            if (dispatch.isEmpty()) {
                Dispatch.recordCanceledBeforeDispatch(id, config.name());
                publishCanceled(id, now); // inside the transaction: if it fails, nothing changes
                return Decision.CANCELED_HERE;
            }
            return switch (dispatch.get().state) {
                case CREATING -> {
                    // The job may be made yet: the dispatcher cancels it when the create answers. For the user and
                    // for credits the prediction is canceled now, so that no late success is ever charged.
                    dispatch.get().requestCancel();
                    publishCanceled(id, now);
                    yield Decision.CANCELED_HERE;
                }
                case CREATED -> {
                    dispatch.get().requestCancel();
                    yield Decision.AT_THE_PROVIDER;
                }
                case FAILED, CANCELED -> Decision.NOTHING;
            };
        });
        return switch (decision) {
            case CANCELED_HERE -> lifecycle.apply(id, prediction -> prediction.withCancellation(now));
            case AT_THE_PROVIDER -> {
                cancels.sendNow(id); // a failed send stays due, and is sent again
                yield lifecycle.find(id);
            }
            case NOTHING -> lifecycle.find(id);
        };
    }

    private void publishCanceled(String id, Instant now) {
        try {
            events.publishCompleted(PredictionCompleted.decidedByGateway(id, PredictionStatus.CANCELED.wireName(),
                    null, now)).await().atMost(CALL_TIMEOUT);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("The event log is unavailable.", e);
        }
    }
}
