package dev.kiln.webhook.dispatches;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.kiln.cloudevents.EventReader;
import dev.kiln.cloudevents.UnreadableEventException;
import dev.kiln.webhook.events.Channels;
import dev.kiln.webhook.events.PredictionDispatched;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Consumes prediction.dispatched into the {@link DispatchStore}: the only source of the provider id mapping. The value
 * is read as text so that a record that cannot be read reaches the dead-letter topic exactly as it was sent.
 */
@ApplicationScoped
public class PredictionDispatchedConsumer {

    private static final Logger LOG = Logger.getLogger(PredictionDispatchedConsumer.class);

    private final DispatchStore store;
    private final EventReader reader;

    PredictionDispatchedConsumer(DispatchStore store, EventReader reader) {
        this.store = store;
        this.reader = reader;
    }

    /**
     * Retried with backoff while Redis refuses the write (the numbers are in application.properties); a record that
     * cannot be read is not retried. A failure after the retries nacks the record, which then goes to
     * prediction.dispatched.dlq.
     */
    @Incoming(Channels.PREDICTION_DISPATCHED)
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public Uni<Void> recordDispatch(String value) {
        return Uni.createFrom().item(() -> read(value))
                .chain(store::save)
                .onFailure().invoke(failure -> LOG.warnf("prediction.dispatched not recorded (%s): %s",
                        failure.getMessage(), value));
    }

    private DispatchRecord read(String value) {
        PredictionDispatched event = reader.read(value, PredictionDispatched.class);
        return new DispatchRecord(event.predictionId(), event.provider(), event.providerPredictionId(),
                event.attempt());
    }
}
