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
 * Cancels predictions. Before dispatch the prediction is canceled at once and no provider prediction will ever be
 * made; after dispatch the provider is asked to cancel and the prediction turns canceled when the provider says so.
 * Blocking: runs on worker threads.
 */
@ApplicationScoped
public class Cancellation {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Lifecycle lifecycle;
    private final ProviderClient provider;
    private final ProviderConfig config;
    private final EventPublisher events;

    Cancellation(Lifecycle lifecycle, ProviderClient provider, ProviderConfig config, EventPublisher events) {
        this.lifecycle = lifecycle;
        this.provider = provider;
        this.config = config;
        this.events = events;
    }

    /**
     * Cancels the prediction and returns it as it now is.
     *
     * @throws AlreadyTerminalException if it had already finished
     * @throws DependencyUnavailableException if credits could not be told (Kafka); nothing changed then
     */
    public Prediction cancel(String id) {
        Instant now = Instant.now();
        Optional<String> providerPrediction = lifecycle.lockAndRun(id, prediction -> {
            if (prediction.status().isTerminal()) {
                throw new AlreadyTerminalException(prediction);
            }
            Optional<Dispatch> dispatch = Dispatch.lockByPrediction(id);
            if (dispatch.isEmpty()) {
                Dispatch.recordCanceledBeforeDispatch(id, config.name());
                publishCanceled(id, now); // inside the transaction: if it fails, nothing changes
                return Optional.empty();
            }
            if (dispatch.get().state == Dispatch.State.CREATING) {
                dispatch.get().requestCancel(); // the dispatcher cancels it as soon as the provider answers
            }
            return Optional.ofNullable(dispatch.get().providerPredictionId);
        });
        if (providerPrediction.isPresent()) {
            provider.cancel(providerPrediction.get()).await().atMost(CALL_TIMEOUT);
            return lifecycle.find(id);
        }
        return lifecycle.apply(id, prediction -> prediction.withCancellation(now));
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
