package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionCompleted;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
    private final DispatchRecords dispatches;
    private final ProviderClient provider;
    private final ProviderConfig config;
    private final EventPublisher events;

    Cancellation(Lifecycle lifecycle, DispatchRecords dispatches, ProviderClient provider, ProviderConfig config,
            EventPublisher events) {
        this.lifecycle = lifecycle;
        this.dispatches = dispatches;
        this.provider = provider;
        this.config = config;
        this.events = events;
    }

    /**
     * Cancels the prediction and returns it as it now is.
     *
     * @throws AlreadyTerminalException if it had already finished
     */
    public Prediction cancel(String id) {
        Instant now = Instant.now();
        Optional<String> providerPrediction = QuarkusTransaction.requiringNew().call(() -> {
            Prediction prediction = lifecycle.lockOrRecover(id);
            if (prediction.status().isTerminal()) {
                throw new AlreadyTerminalException(prediction);
            }
            Optional<Dispatch> dispatch = dispatches.find(id);
            if (dispatch.isEmpty()) {
                dispatches.cancelBeforeDispatch(id, config.name());
                // Inside the transaction: if credits cannot be told, nothing changes and the caller gets a 503.
                events.completed(PredictionCompleted.decidedByGateway(id, PredictionStatus.CANCELED.wireName(), null,
                        now)).await().atMost(CALL_TIMEOUT);
                return Optional.empty();
            }
            if (dispatch.get().state() == Dispatch.State.CREATING) {
                dispatches.requestCancel(id); // the dispatcher cancels it as soon as the provider answers
            }
            return Optional.ofNullable(dispatch.get().providerPredictionId());
        });
        if (providerPrediction.isPresent()) {
            provider.cancel(providerPrediction.get()).await().atMost(CALL_TIMEOUT);
            return lifecycle.current(id);
        }
        return lifecycle.apply(id, prediction -> prediction.withCancellation(now));
    }
}
