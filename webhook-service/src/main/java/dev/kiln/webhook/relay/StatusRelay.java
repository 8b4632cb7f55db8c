package dev.kiln.webhook.relay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.PredictionCompleted;
import dev.kiln.webhook.events.PredictionPublisher;
import dev.kiln.webhook.translate.ReplicatePrediction;
import dev.kiln.webhook.translate.ReplicateTranslation;

import io.smallrye.mutiny.Uni;

/**
 * The one way news of a provider prediction becomes an event, whether a webhook brought it or the recovery asked for
 * it: the same translation, the same publication (acked before anything else), and the same end. A terminal outcome
 * finishes the dispatch; once finished, nothing more is published for it, so a webhook arriving after the recovery
 * (or a retried webhook after its outcome) changes nothing.
 */
@ApplicationScoped
public class StatusRelay {

    /** What became of the news. */
    public enum Relayed {
        /** Its event was published and acked (and, if terminal, the dispatch is finished). */
        PUBLISHED,
        /** The dispatch's outcome was published before: nothing published. */
        ALREADY_FINISHED
    }

    private final PredictionPublisher publisher;
    private final DispatchStore dispatches;

    StatusRelay(PredictionPublisher publisher, DispatchStore dispatches) {
        this.publisher = publisher;
        this.dispatches = dispatches;
    }

    /**
     * @throws dev.kiln.webhook.translate.UntranslatableCallbackException for a status Replicate does not document
     */
    public Uni<Relayed> relay(ReplicatePrediction prediction, DispatchRecord dispatch) {
        if (dispatch.finished()) {
            return Uni.createFrom().item(Relayed.ALREADY_FINISHED);
        }
        var event = ReplicateTranslation.translate(prediction, dispatch, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Uni<Void> published = publisher.publish(event);
        if (event instanceof PredictionCompleted) {
            // Finished only after Kafka acked: a failure in between leaves it unfinished, and the provider's retry
            // (or the recovery) publishes it again, a duplicate that consumers drop, never a loss.
            published = published.chain(() -> dispatches.markFinished(dispatch.provider(),
                    dispatch.providerPredictionId()));
        }
        return published.replaceWith(Relayed.PUBLISHED);
    }
}
