package dev.kiln.gateway.deadletters;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Attempts at the records being consumed. A record is known by where it was read (topic, partition, offset) when its
 * method takes the record's metadata, else by the identity of its payload: the connector hands the method the same
 * payload object on every try, and the failure handler sees that object in the record it dead-letters (a batch
 * consumer's attempt is an attempt at each of its records). A record leaves this map when its method succeeds or
 * when it is dead-lettered.
 */
@ApplicationScoped
public class DeliveryAttempts {

    private record Identity(Object payload) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && identity.payload == payload;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(payload);
        }
    }

    private final Map<Object, AtomicInteger> attempts = new ConcurrentHashMap<>();

    void started(Object[] parameters) {
        keys(parameters).forEach(key -> attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet());
    }

    void succeeded(Object[] parameters) {
        keys(parameters).forEach(attempts::remove);
    }

    /** The attempts made at a record, forgotten from now on; 0 when it never reached its method. */
    int take(String topic, int partition, long offset, Object payload) {
        AtomicInteger count = attempts.remove(topic + "/" + partition + "/" + offset);
        if (count == null && payload != null) {
            count = attempts.remove(new Identity(payload));
        }
        return count == null ? 0 : count.get();
    }

    private static List<Object> keys(Object[] parameters) {
        for (Object parameter : parameters) {
            if (parameter instanceof IncomingKafkaRecordMetadata<?, ?> record) {
                return List.of(record.getTopic() + "/" + record.getPartition() + "/" + record.getOffset());
            }
        }
        Object payload = parameters.length > 0 ? parameters[0] : null;
        if (payload instanceof List<?> batch) {
            return batch.stream().filter(Objects::nonNull).map(one -> (Object) new Identity(one)).toList();
        }
        return payload == null ? List.of() : List.of(new Identity(payload));
    }
}
