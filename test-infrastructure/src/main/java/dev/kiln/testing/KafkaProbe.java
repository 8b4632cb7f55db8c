package dev.kiln.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's view of the real Kafka: sends records as Kiln's services do (keyed by prediction id, CloudEvents in
 * binary mode) and records what arrives on topics from the moment it started listening. Topics are named as in
 * {@code deploy/kafka/topics.txt}; inside a service's test run they are that run's own copies ({@link TestTopics}).
 * Other tests publish to the same topics at the same time, so look records up by your own keys.
 */
public final class KafkaProbe implements AutoCloseable {

    /** A record as a test sees it: topic (as named in topics.txt), key, CloudEvents type, value and headers. */
    public record Event(String topic, String key, String type, String json, Map<String, String> headers) {

        /** A header's last value, or null. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private final List<Event> received = new CopyOnWriteArrayList<>();
    private final List<Thread> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    }

    /** Sends a record like a Kiln service does (a CloudEvent in binary mode) and waits for the broker's ack. */
    public RecordMetadata send(String topic, String key, String ceType, String json) {
        var record = new ProducerRecord<>(TestTopics.actual(topic), key, json);
        record.headers()
                .add("ce_specversion", "1.0".getBytes(UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(UTF_8))
                .add("ce_type", ceType.getBytes(UTF_8))
                .add("ce_source", "test".getBytes(UTF_8))
                .add("ce_time", Instant.now().toString().getBytes(UTF_8))
                .add("content-type", "application/json".getBytes(UTF_8));
        return acked(record);
    }

    /**
     * Sends a record like {@link #send(String, String, String, String)} with more headers, such as the W3C
     * {@code traceparent} that a traced producer adds.
     */
    public RecordMetadata send(String topic, String key, String ceType, String json, Map<String, String> more) {
        var record = new ProducerRecord<>(TestTopics.actual(topic), key, json);
        record.headers()
                .add("ce_specversion", "1.0".getBytes(UTF_8))
                .add("ce_id", UUID.randomUUID().toString().getBytes(UTF_8))
                .add("ce_type", ceType.getBytes(UTF_8))
                .add("ce_source", "test".getBytes(UTF_8))
                .add("ce_time", Instant.now().toString().getBytes(UTF_8))
                .add("content-type", "application/json".getBytes(UTF_8));
        more.forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        return acked(record);
    }

    /** Sends a record with no headers at all (what a broken producer might write) and waits for the ack. */
    public RecordMetadata sendRaw(String topic, String key, String value) {
        return acked(new ProducerRecord<>(TestTopics.actual(topic), key, value));
    }

    /**
     * Whether the service's consumer group (named as in its configuration; the test run's suffix is added) has
     * committed past a record: it has processed it, whatever the outcome.
     */
    public boolean hasProcessed(String group, RecordMetadata sent) {
        var partition = new org.apache.kafka.common.TopicPartition(sent.topic(), sent.partition());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var offsets = admin.listConsumerGroupOffsets(TestTopics.group(group))
                    .partitionsToOffsetAndMetadata().get(30, java.util.concurrent.TimeUnit.SECONDS);
            var committed = offsets.get(partition);
            return committed != null && committed.offset() > sent.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not list the offsets of group " + group, e);
        }
    }

    private RecordMetadata acked(ProducerRecord<String, String> record) {
        String topic = record.topic();
        try {
            return producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a record to " + topic, e);
        }
    }

    /** Starts recording the topics from their current end; returns once the consumer holds its partitions. */
    public KafkaProbe listen(String... topics) {
        var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        var partitions = java.util.Arrays.stream(topics)
                .map(TestTopics::actual)
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end offsets now, before the test publishes
        Thread listener = new Thread(() -> {
            try (consumer) {
                while (!closed) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        received.add(new Event(TestTopics.logical(record.topic()), record.key(),
                                header(record.headers().lastHeader("ce_type")), record.value(),
                                headers(record.headers())));
                    }
                }
            }
        }, "kafka-probe");
        listener.setDaemon(true);
        listener.start();
        listeners.add(listener);
        return this;
    }

    /** Every record recorded so far with this key, in arrival order. */
    public List<Event> eventsFor(String key) {
        return received.stream().filter(event -> key.equals(event.key())).collect(Collectors.toList());
    }

    /** Every record recorded so far from this topic (its name without a test prefix), in arrival order. */
    public List<Event> eventsOfTopic(String topic) {
        return received.stream().filter(event -> topic.equals(event.topic())).collect(Collectors.toList());
    }

    /** Every record recorded so far with this CloudEvents type, whatever its key, in arrival order. */
    public List<Event> eventsOfType(String type) {
        return received.stream().filter(event -> type.equals(event.type())).collect(Collectors.toList());
    }

    /** The first recorded record with this key and CloudEvents type. */
    public Optional<Event> first(String key, String type) {
        return received.stream().filter(event -> key.equals(event.key()) && type.equals(event.type())).findFirst();
    }

    public long count(String key, String type) {
        return received.stream().filter(event -> key.equals(event.key()) && type.equals(event.type())).count();
    }

    private static Map<String, String> headers(Iterable<Header> headers) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        headers.forEach(header -> values.put(header.key(), header(header)));
        return java.util.Collections.unmodifiableMap(values);
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(5));
        for (Thread listener : listeners) {
            try {
                listener.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
