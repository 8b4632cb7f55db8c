package dev.kiln.gateway.deadletters;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.function.BiConsumer;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The failure strategy {@value #STRATEGY}: SmallRye's own dead-letter queue ({@code failure-strategy=
 * dead-letter-queue}, with its {@code dead-letter-queue.*} settings), whose records also say which consumer gave up
 * and after how many attempts. It adds them the way that queue is meant to be extended: as headers of the
 * {@link OutgoingKafkaRecordMetadata} passed along with the failure, which it writes onto the dead letter.
 */
@ApplicationScoped
@Identifier(ContextualDeadLetterQueue.STRATEGY)
public class ContextualDeadLetterQueue implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "kiln-dead-letter-queue";

    private final KafkaFailureHandler.Factory deadLetterQueue;
    private final DeliveryAttempts attempts;
    private final String service;

    ContextualDeadLetterQueue(@Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
            KafkaFailureHandler.Factory deadLetterQueue, DeliveryAttempts attempts,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.deadLetterQueue = deadLetterQueue;
        this.attempts = attempts;
        this.service = service;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
            KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler queue = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        String group = config.getGroupId().orElse("");
        String channel = config.getChannel();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                var headers = new RecordHeaders()
                        .add(DeadLetterHeaders.SERVICE, service.getBytes(UTF_8))
                        .add(DeadLetterHeaders.GROUP, group.getBytes(UTF_8))
                        .add(DeadLetterHeaders.CHANNEL, channel.getBytes(UTF_8))
                        .add(DeadLetterHeaders.ATTEMPTS,
                                Integer.toString(attempts.take(record.getTopic(), record.getPartition(),
                                record.getOffset(), record.getPayload())).getBytes(UTF_8));
                Metadata given = metadata == null ? Metadata.empty() : metadata;
                var builder = OutgoingKafkaRecordMetadata.builder();
                given.get(OutgoingKafkaRecordMetadata.class).ifPresent(existing -> {
                    existing.getHeaders().forEach(headers::add);
                    builder.withTopic(existing.getTopic()).withKey(existing.getKey())
                            .withPartition(existing.getPartition());
                });
                return queue.handle(record, reason, given.with(builder.withHeaders(headers).build()));
            }

            @Override
            public void terminate() {
                queue.terminate();
            }
        };
    }
}
