package dev.kiln.credits;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.kiln.testing.AsyncApiContract;

/**
 * Plain Kafka clients for the tests: they publish what the other services publish (CloudEvents in binary mode,
 * checked against docs/asyncapi.yaml first) and watch what this service publishes.
 */
final class Kafka {

    static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    static final String GROUP = "credits-service";
    private static KafkaProducer<String, String> producer;

    private Kafka() {
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** Starts sending an event that keeps the contract, as its producer would. */
    static Future<RecordMetadata> sendAsync(String topic, String ceType, String predictionId, String json) {
        CONTRACT.assertValid(topic, ceType, json);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, predictionId, json);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(ceType))
                .add("ce_source", bytes("credits-service-tests"))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("ce_subject", bytes(predictionId))
                .add("content-type", bytes("application/json"));
        return producer().send(record);
    }

    static RecordMetadata send(String topic, String ceType, String predictionId, String json) {
        return acked(sendAsync(topic, ceType, predictionId, json));
    }

    /** Sends a record that breaks the contract, with no headers: what a buggy producer might write. */
    static RecordMetadata sendRaw(String topic, String key, String value) {
        return acked(producer().send(new ProducerRecord<>(topic, key, value)));
    }

    static RecordMetadata acked(Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a test record", e.getCause());
        }
    }

    /**
     * Waits until this service's consumer group has committed past the record, i.e. processed it: the way to be
     * sure that something did not happen, without sleeping.
     */
    static void awaitProcessed(RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** What is published to a topic from the moment the watch opens; close it after use. */
    static final class Watch implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        Watch(String topic) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // position() resolves the end offsets now, before the test publishes anything.
            partitions.forEach(consumer::position);
        }

        /**
         * Waits for at least {@code count} records that the filter keeps, and returns all of them in arrival order.
         * More may have come: delivery is at least once, and a redelivered record is published again.
         */
        List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count,
                Duration atMost) {
            List<ConsumerRecord<String, String>> kept = new ArrayList<>();
            org.awaitility.Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
                kept.clear();
                seen.stream().filter(filter).forEach(kept::add);
                return kept.size() >= count;
            });
            return List.copyOf(kept);
        }

        List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int count) {
            return await(filter, count, Duration.ofSeconds(30));
        }

        /** Everything seen so far that the filter keeps, after reading what has arrived meanwhile. */
        List<ConsumerRecord<String, String>> seen(Predicate<ConsumerRecord<String, String>> filter) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(filter).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
