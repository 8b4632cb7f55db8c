package dev.kiln.webhook.events;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.kiln.webhook.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes prediction events and completes only when the broker acked them, so that a webhook is answered 2xx only
 * for an event that is durable. The CloudEvents type and source come from the channel configuration.
 */
@ApplicationScoped
public class PredictionPublisher {

    private final MutinyEmitter<Record<String, PredictionProgressed>> progressed;
    private final MutinyEmitter<Record<String, PredictionCompleted>> completed;
    private final Duration timeout;

    PredictionPublisher(
            @Channel(Channels.PREDICTION_PROGRESSED) MutinyEmitter<Record<String, PredictionProgressed>> progressed,
            @Channel(Channels.PREDICTION_COMPLETED) MutinyEmitter<Record<String, PredictionCompleted>> completed,
            WebhookConfig config) {
        this.progressed = progressed;
        this.completed = completed;
        this.timeout = config.publish().timeout();
    }

    /** Fails with {@link PublishFailedException} when Kafka refuses the event or does not ack it in time. */
    public Uni<Void> publish(PredictionEvent event) {
        Uni<Void> acked = event instanceof PredictionCompleted outcome
                ? completed.sendMessage(keyed(outcome))
                : progressed.sendMessage(keyed((PredictionProgressed) event));
        return acked
                .ifNoItem().after(timeout).failWith(() -> new PublishFailedException(
                        "Kafka did not acknowledge the event within " + timeout.toMillis() + " ms", null))
                .onFailure(failure -> !(failure instanceof PublishFailedException))
                .transform(failure -> new PublishFailedException("Kafka refused the event", failure));
    }

    private static <T extends PredictionEvent> Message<Record<String, T>> keyed(T event) {
        return Message.of(Record.of(event.predictionId(), event))
                .addMetadata(OutgoingCloudEventMetadata.builder().withSubject(event.predictionId()).build());
    }
}
