package dev.kiln.gateway.prediction;

import java.util.List;
import java.util.Objects;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.cloudevents.CountedAttempts;
import dev.kiln.gateway.events.Channels;
import dev.kiln.gateway.events.PredictionRequested;
import dev.kiln.gateway.events.UnreadableEventException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the durable records from the gateway's own prediction.requested, so that the submit path never waits on
 * them; a poll's batch in one transaction, so that keeping up with the submit rate costs little CPU
 * (docs/benchmarks/README.md). Records that cannot be read are left out (null in the batch). A failing batch is tried
 * again with backoff until it succeeds (application.properties, "Patient consumers"): a database failover holds the
 * batch, it never dead-letters it.
 */
@ApplicationScoped
@CountedAttempts
public class DurableRecordConsumer {

    private final Lifecycle lifecycle;

    DurableRecordConsumer(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Incoming(Channels.PREDICTION_REQUESTED)
    @Blocking
    @Retry(abortOn = UnreadableEventException.class)
    @ExponentialBackoff
    public void recordRequested(List<PredictionRequested> batch) {
        lifecycle.recordRequested(batch.stream().filter(Objects::nonNull)
                .map(event -> Prediction.requested(event.predictionId(), event.userId(), event.task(), event.mode(),
                        event.input(), event.cost(), event.estimatedSeconds(), event.webhook(),
                        event.webhookEventsFilter(), event.createdAt(), event.deadline()))
                .toList());
    }
}
