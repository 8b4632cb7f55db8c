package dev.kiln.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.storage.events.Channels;
import dev.kiln.testing.AsyncApiContract;

/**
 * The test's side of Kafka: publishes prediction.completed as webhook-service would (checked against the contract
 * first), and reads back what storage-service published for the test's own prediction ids (checked too). Other
 * tests publish to the same topics at the same time: records of other ids are skipped.
 */
final class StorageTopics implements AutoCloseable {

    static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    /** Starts reading {@code topics} from their current end, so that only what happens from now on is seen. */
    StorageTopics(String... topics) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: resolve the positions now, before the test publishes anything.
        partitions.forEach(consumer::position);
    }

    StorageTopics() {
        this(Channels.PREDICTION_STORED_TOPIC);
    }

    /** A prediction.completed like the contract's example, for our id, with this status and these output URLs. */
    RecordMetadata publishCompleted(String predictionId, String status, List<String> output) {
        Map<String, Object> event = new LinkedHashMap<>();
        boolean succeeded = status.equals("succeeded");
        event.put("prediction_id", predictionId);
        event.put("provider", "replicate");
        event.put("provider_prediction_id", "gm3qorzdhgbfurvjtvhg6dckhu");
        event.put("status", status);
        event.put("output", output);
        event.put("error", succeeded ? null : Map.of("code", "prediction_failed", "message", "the model crashed"));
        event.put("logs", "rendering shirt\ndone\n");
        event.put("metrics", Map.of("predict_time", 4.2, "total_time", 4.9));
        event.put("started_at", "2026-11-28T10:00:01.000Z");
        event.put("completed_at", "2026-11-28T10:00:05.200Z");
        event.put("occurred_at", Instant.now().toString());
        String json = write(event);
        CONTRACT.assertValid(Channels.PREDICTION_COMPLETED_TOPIC, Channels.PREDICTION_COMPLETED_TYPE, json);
        return publish(Channels.PREDICTION_COMPLETED_TOPIC, predictionId, json, Channels.PREDICTION_COMPLETED_TYPE);
    }

    /** Publishes a raw record to {@code topic}, with CloudEvents headers of type {@code type}. */
    RecordMetadata publish(String topic, String key, String value, String type) {
        var record = new ProducerRecord<>(topic, key, value);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(type))
                .add("ce_source", bytes("webhook-service"))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("ce_subject", bytes(key))
                .add("content-type", bytes("application/json"));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("publishing to " + topic + " failed", e);
        }
    }

    /** Waits for the {@code count}th record keyed by {@code predictionId} and answers all of them so far. */
    List<ConsumerRecord<String, String>> awaitRecords(String predictionId, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return recordsOf(predictionId).size() >= count;
        });
        return recordsOf(predictionId);
    }

    /** The first outcome storage-service published for the prediction, checked against the contract. */
    Outcome awaitOutcome(String predictionId) {
        return outcomes(predictionId, 1).get(0);
    }

    /** The first {@code count} outcomes published for the prediction, each checked against the contract. */
    List<Outcome> outcomes(String predictionId, int count) {
        return awaitRecords(predictionId, count).stream().limit(count).map(Outcome::of).toList();
    }

    /** Polls for a while and answers the records keyed by {@code predictionId} seen so far. */
    List<ConsumerRecord<String, String>> recordsOf(String predictionId) {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        return seen.stream().filter(record -> predictionId.equals(record.key())).toList();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumer.close(Duration.ofSeconds(5));
    }

    /** A record on prediction.stored: its CloudEvents type and attributes, and its JSON value. */
    record Outcome(String type, Map<String, String> headers, JsonNode event) {

        static Outcome of(ConsumerRecord<String, String> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            String type = headers.get("ce_type");
            assertEquals(Channels.PREDICTION_STORED_TOPIC, record.topic());
            CONTRACT.assertValid(record.topic(), type, record.value());
            try {
                return new Outcome(type, headers, JSON.readTree(record.value()));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + record.value(), e);
            }
        }

        String reason() {
            assertEquals(Channels.PREDICTION_STORAGE_FAILED_TYPE, type, () -> "not a failure: " + event);
            return event.get("reason").asText();
        }
    }

    private static String write(Object event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
