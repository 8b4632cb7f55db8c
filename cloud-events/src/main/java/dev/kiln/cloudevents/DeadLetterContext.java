package dev.kiln.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.PublisherDecorator;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Says on every dead letter which consumer gave up on the record and after how many attempts: the headers
 * {@value #CONSUMER} ({@code <service>/<channel>}), {@value #GROUP} (the consumer group) and {@value #ATTEMPTS}.
 * SmallRye's dead-letter queue ({@code failure-strategy=dead-letter-queue}) writes the headers of an
 * {@link OutgoingKafkaRecordMetadata} passed along with a nack onto the dead letter, beside the record's own headers
 * and its {@code dead-letter-*} ones: every record a connector hands a consumer is given a nack that passes them.
 * The attempts are counted by {@link CountedAttempts} on the record's duplicated context.
 * A record whose value could not even be deserialized is dead-lettered by the connector before any consumer sees it,
 * so it has SmallRye's {@code deserialization-failure-*} headers and none of these.
 * A decorator rather than an IncomingInterceptor, of which a channel has only one: this leaves them to the services.
 */
@ApplicationScoped
public class DeadLetterContext implements PublisherDecorator {

    public static final String CONSUMER = "kiln-consumer";
    public static final String GROUP = "kiln-group";
    public static final String ATTEMPTS = "kiln-attempts";

    /** The key of a record's attempt count on its duplicated context. */
    private static final String ATTEMPTS_KEY = DeadLetterContext.class.getName() + ".attempts";

    private final String service;
    private final KafkaClientService clients;

    DeadLetterContext(@ConfigProperty(name = "quarkus.application.name") String service, KafkaClientService clients) {
        this.service = service;
        this.clients = clients;
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> publisher, String channelName,
            boolean isConnector) {
        if (!isConnector) {
            return publisher;
        }
        return publisher.map(message -> withNackSayingWho(message, channelName));
    }

    @Override
    public int getPriority() {
        // After the connector's own decorators, like Quarkus' tracing decorator (default priority).
        return 1000;
    }

    /** One more attempt at the record whose duplicated context is the current one; nothing outside a record. */
    static void countAttempt() {
        Context context = Vertx.currentContext();
        if (context != null && context.getLocal(ATTEMPTS_KEY) instanceof AtomicInteger attempts) {
            attempts.incrementAndGet();
        }
    }

    private Message<?> withNackSayingWho(Message<?> message, String channel) {
        AtomicInteger attempts = new AtomicInteger();
        message.getMetadata(LocalContextMetadata.class).map(LocalContextMetadata::context)
                .ifPresent(context -> context.putLocal(ATTEMPTS_KEY, attempts));
        return message.withNackWithMetadata((reason, metadata) -> message.nack(reason,
                withHeaders(metadata == null ? Metadata.empty() : metadata, channel, attempts.get())));
    }

    /** The nack's metadata with our headers added to its outgoing record metadata (kept if a consumer gave one). */
    private Metadata withHeaders(Metadata metadata, String channel, int attempts) {
        var headers = new RecordHeaders()
                .add(CONSUMER, (service + "/" + channel).getBytes(UTF_8))
                .add(GROUP, groupOf(channel).getBytes(UTF_8))
                .add(ATTEMPTS, Integer.toString(attempts).getBytes(UTF_8));
        var outgoing = OutgoingKafkaRecordMetadata.builder();
        metadata.get(OutgoingKafkaRecordMetadata.class).ifPresent(given -> {
            if (given.getHeaders() != null) {
                given.getHeaders().forEach(headers::add);
            }
            outgoing.withTopic(given.getTopic()).withKey(given.getKey()).withPartition(given.getPartition());
        });
        return metadata.with(outgoing.withHeaders(headers).build());
    }

    /** The group the channel's consumer belongs to, as the connector configured it (the services' tests suffix it). */
    private String groupOf(String channel) {
        try {
            Map<String, ?> configuration = clients.getConsumer(channel).configuration();
            return String.valueOf(configuration.get("group.id"));
        } catch (RuntimeException unknown) {
            return "";
        }
    }
}
