package dev.kiln.webhook.dispatches;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.events.Channels;
import dev.kiln.webhook.events.PredictionDispatched;
import dev.kiln.webhook.tracing.DispatchTraces;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Consumes prediction.dispatched into the {@link DispatchStore}: the only source of the provider id mapping, and the
 * start of the recovery's watch over the dispatch. The value is read as text so that a record that cannot be read
 * reaches the dead-letter topic exactly as it was sent.
 */
@ApplicationScoped
public class PredictionDispatchedConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionDispatchedConsumer.class);

    private final DispatchStore store;
    private final EventReader reader;
    private final WebhookConfig.Recovery recovery;
    private final DispatchTraces traces;

    PredictionDispatchedConsumer(DispatchStore store, EventReader reader, WebhookConfig config, DispatchTraces traces) {
        this.store = store;
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
                    return store.save(
                            new DispatchRecord(event.predictionId(), event.provider(), event.providerPredictionId(),
                                    event.attempt()),
                            event.model() == null ? "" : event.model(), dispatchedAt,
                            recovery.firstCheck(event.model(), dispatchedAt));
                })
                // The record's trace context, for the prediction's webhooks (docs/observability.md).
                .call(event -> traces.remember(event.predictionId()))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("prediction.dispatched not recorded (%s): %s",
                        failure.getMessage(), value));
    }
}
