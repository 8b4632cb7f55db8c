package dev.kiln.webhook.recording;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.early.EarlyWebhooks;
import dev.kiln.webhook.events.Channels;
import dev.kiln.webhook.events.PredictionDispatched;
import dev.kiln.webhook.tracing.DispatchTraces;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Consumes prediction.dispatched into the {@link DispatchStore}: the only source of the provider id mapping, and the
 * start of the recovery's watch over the dispatch. Then relays the webhooks that came before it ({@link EarlyWebhooks}). The value is read as text so that a record that cannot be read
 * reaches the dead-letter topic exactly as it was sent.
 */
@ApplicationScoped
@CountedAttempts
public class PredictionDispatchedConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionDispatchedConsumer.class);

    private final DispatchStore store;
    private final EarlyWebhooks early;
    private final EventReader reader;
    private final WebhookConfig.Recovery recovery;
    private final DispatchTraces traces;

    PredictionDispatchedConsumer(DispatchStore store, EarlyWebhooks early, EventReader reader, WebhookConfig config,
            DispatchTraces traces) {
        this.store = store;
        this.early = early;
        this.reader = reader;
        this.recovery = config.recovery();
        this.traces = traces;
    }

    /**
     * Patient (issue 8): while PostgreSQL refuses the write the record is retried with capped backoff for as long as
     * it takes (the service's global retry policy in application.properties), neither acked nor dead-lettered, because
     * a mapping that is never recorded strands its prediction. Only a record that cannot be read, or contradicts the
     * contract, goes to prediction.dispatched.dlq, at once.
     */
    @Incoming(Channels.PREDICTION_DISPATCHED)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public Uni<Void> recordDispatch(String value) {
        return Uni.createFrom().item(() -> reader.read(value, PredictionDispatched.class))
                .call(event -> {
                    Instant dispatchedAt = event.occurredAt() != null ? event.occurredAt() : Instant.now();
                    var dispatch = new DispatchRecord(event.predictionId(), event.provider(),
                            event.providerPredictionId(), event.attempt());
                    return store.save(dispatch, event.model() == null ? "" : event.model(), dispatchedAt,
                                    recovery.firstCheck(event.model(), dispatchedAt))
                            // Read back: a redelivered record finds the dispatch as it is (finished, perhaps).
                            .chain(() -> store.findByProviderPrediction(dispatch.provider(),
                                    dispatch.providerPredictionId()))
                            .chain(recorded -> early.releaseFor(recorded.orElse(dispatch)));
                })
                // The record's trace context, for the prediction's webhooks (docs/observability.md).
                .call(event -> traces.remember(event.predictionId()))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("prediction.dispatched not recorded (%s): %s",
                        failure.getMessage(), value));
    }
}
