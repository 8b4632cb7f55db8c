package dev.kiln.gateway.prediction;

import dev.kiln.gateway.events.EventPublisher;
import dev.kiln.gateway.events.PredictionRequested;
import dev.kiln.gateway.events.PublishFailures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepts a prediction: its status goes to Redis, then prediction.requested goes to Kafka, and only the broker's
 * ack makes it accepted. Non-blocking end to end; no thread waits for Redis or Kafka.
 */
@ApplicationScoped
public class Submission {

    private final StatusStore statuses;
    private final EventPublisher events;

    Submission(StatusStore statuses, EventPublisher events) {
        this.statuses = statuses;
        this.events = events;
    }

    /** An accepted prediction, and how many predictions wait for dispatch before it (null: it is not waiting). */
    public record Submitted(Prediction prediction, Integer queuePosition) {
    }

    /**
     * Completes once the prediction is durable in Kafka. Fails with {@link DependencyUnavailableException} when
     * Redis or Kafka cannot take it; no trace of it is left visible then. Fails with
     * {@link SubmissionUncertainException} when Kafka did not confirm a record it may have written: the status is
     * kept then, and submitting the same prediction (same id) again is safe.
     */
    public Uni<Submitted> submit(Prediction prediction) {
        // Redis first: the consumers of prediction.requested may move the status before this method returns,
        // and a later write of "starting" must never overwrite what they wrote.
        return statuses.putSubmitted(prediction)
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "The status store is unavailable.", failure))
                .chain(position -> events.publishRequested(requestedEvent(prediction))
                        // Sent but not confirmed: it may exist and run, so its status stays (issue 8, hole 4).
                        .onFailure(PublishFailures::mayHaveBeenWritten).transform(failure ->
                                new SubmissionUncertainException(prediction.id(), failure))
                        .onFailure(failure -> !(failure instanceof SubmissionUncertainException))
                        .call(failure -> statuses.remove(prediction.id()).onFailure().recoverWithNull())
                        .onFailure(failure -> !(failure instanceof SubmissionUncertainException))
                        .transform(failure -> new DependencyUnavailableException(
                                "The event log is unavailable.", failure))
                        .replaceWith(new Submitted(prediction, position.orElse(null))));
    }

    private static PredictionRequested requestedEvent(Prediction prediction) {
        return new PredictionRequested(prediction.id(), prediction.owner(), prediction.task(), prediction.mode(),
                prediction.input(), prediction.cost(), prediction.estimatedSeconds(), prediction.webhook(),
                prediction.webhookEventsFilter(), prediction.createdAt(), prediction.deadline());
    }
}
