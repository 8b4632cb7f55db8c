package dev.kiln.webhook;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.webhook.dispatches.DispatchRecords;
import dev.kiln.webhook.events.Channels;

/** Publishes prediction.dispatched as the gateway does (CloudEvents binary headers), checked against the contract. */
public final class Dispatches {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsyncApiContract CONTRACT = AsyncApiContract.load();

    private Dispatches() {
    }

    public static void publish(String bootstrapServers, String predictionId, String provider,
            String providerPredictionId, int attempt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("prediction_id", predictionId);
        event.put("provider", provider);
        event.put("provider_prediction_id", providerPredictionId);
        event.put("model", "kiln/jersey-speed");
        event.put("attempt", attempt);
        event.put("occurred_at", Instant.now().toString());
        String json;
        try {
            json = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CONTRACT.assertValid(Channels.PREDICTION_DISPATCHED_TOPIC, Channels.PREDICTION_DISPATCHED_TYPE, json);
        send(bootstrapServers, Channels.PREDICTION_DISPATCHED_TOPIC, predictionId, json);
    }

    /** Publishes prediction.dispatched and waits until webhook-service has recorded it. */
    public static void recorded(String bootstrapServers, DispatchRecords records, String predictionId, String provider,
            String providerPredictionId, int attempt) {
        publish(bootstrapServers, predictionId, provider, providerPredictionId, attempt);
        await().atMost(Duration.ofSeconds(30)).until(() -> records.byProviderPrediction(provider, providerPredictionId)
                .await().atMost(Duration.ofSeconds(5)).isPresent());
    }

    /** Sends any value with the CloudEvents headers of prediction.dispatched and waits for the broker's ack. */
    public static void send(String bootstrapServers, String topic, String key, String value) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_type", Channels.PREDICTION_DISPATCHED_TYPE);
            header(record, "ce_source", "gateway-service");
            header(record, "ce_time", Instant.now().toString());
            header(record, "ce_subject", key);
            header(record, "content-type", "application/json");
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("prediction.dispatched not sent", e);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
