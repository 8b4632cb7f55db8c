package dev.kiln.observability;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;

/**
 * Puts the prediction id of every record a service consumes into the MDC of that record's processing: Kiln keys every
 * record by its prediction id (docs/asyncapi.yaml). The connector hands each record over with a Vert.x duplicated
 * context of its own, on which the consumer method runs (on a worker thread too, with @Blocking), as Quarkus'
 * OpenTelemetry does with the record's trace context; the id is put there, so it is on each line the processing logs.
 * A decorator rather than an IncomingInterceptor, of which a channel has only one: this leaves them to the services.
 * A batch (gateway's durable record consumer) holds many predictions and gets none.
 */
@ApplicationScoped
public class RecordKeyLogContext implements PublisherDecorator {

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> publisher, String channelName,
            boolean isConnector) {
        if (!isConnector) {
            return publisher;
        }
        return publisher.invoke(message -> message.getMetadata(LocalContextMetadata.class)
                .map(LocalContextMetadata::context)
                .ifPresent(context -> PredictionLogContext.put(keyOf(message), context)));
    }

    @Override
    public int getPriority() {
        // After the connector's own decorators, like Quarkus' tracing decorator (default priority).
        return 1000;
    }

    private static String keyOf(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getKey)
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .orElse(null);
    }
}
