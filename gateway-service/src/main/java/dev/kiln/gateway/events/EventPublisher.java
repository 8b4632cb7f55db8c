package dev.kiln.gateway.events;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes the gateway's events, keyed by prediction id and typed as CloudEvents. Every returned Uni completes
 * only when the broker acknowledged the record (acks=all), and fails otherwise: callers answer or move on only then.
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<PredictionRequested> requested;
    private final MutinyEmitter<PredictionDispatched> dispatched;
    private final MutinyEmitter<PredictionCompleted> completed;

    EventPublisher(@Channel(Channels.PREDICTION_REQUESTED_PUBLISH) MutinyEmitter<PredictionRequested> requested,
            @Channel(Channels.PREDICTION_DISPATCHED) MutinyEmitter<PredictionDispatched> dispatched,
            @Channel(Channels.PREDICTION_COMPLETED_PUBLISH) MutinyEmitter<PredictionCompleted> completed) {
        this.requested = requested;
        this.dispatched = dispatched;
        this.completed = completed;
    }

    public Uni<Void> publishRequested(PredictionRequested event) {
        return requested.sendMessage(message(event.predictionId(), PredictionRequested.TYPE, event));
    }

    public Uni<Void> publishDispatched(PredictionDispatched event) {
        return dispatched.sendMessage(message(event.predictionId(), PredictionDispatched.TYPE, event));
    }

    public Uni<Void> publishCompleted(PredictionCompleted event) {
        return completed.sendMessage(message(event.predictionId(), PredictionCompleted.TYPE, event));
    }

    private static <T> Message<T> message(String predictionId, String type, T event) {
        return Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(predictionId).build())
                .addMetadata(OutgoingCloudEventMetadata.builder().withType(type).withSubject(predictionId).build());
    }
}
