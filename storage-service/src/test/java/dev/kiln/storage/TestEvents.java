package dev.kiln.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.storage.events.EventTypes;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaResource;

/**
 * The test's side of Kafka, through a {@link KafkaProbe}: publishes prediction.completed as webhook-service would
 * (checked against the contract first), and reads back what storage-service published for the test's own prediction
 * ids (checked too). Other tests publish to the same topics at the same time: look records up by your own ids.
 */
final class TestEvents {

    static final String COMPLETED = "prediction.completed";
    static final String COMPLETED_DLQ = "prediction.completed.dlq";
    static final String STORED = "prediction.stored";
    /** This service's consumer group, as configured (the test run's suffix is added by the probe). */
    static final String GROUP = "storage-service";

    private static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestEvents() {
    }

    /** A probe that records the topics from now on; close it after use. */
    static KafkaProbe probe(String... topics) {
        return new KafkaProbe(KafkaResource.bootstrapServers()).listen(topics);
    }

    /** A prediction.completed like the contract's example, for our id, with this status and these output URLs. */
    static RecordMetadata publishCompleted(KafkaProbe probe, String predictionId, String status, List<String> output) {
        return publishCompleted(probe, predictionId, status, output, Instant.now());
    }

    /** The same, as if it had completed at {@code occurredAt}: the provider's URLs live from then on. */
    static RecordMetadata publishCompleted(KafkaProbe probe, String predictionId, String status, List<String> output,
            Instant occurredAt) {
        return publishCompleted(probe, predictionId, status, output, occurredAt, Map.of());
    }

    /** The same, with these headers besides the CloudEvents ones (a traceparent, say). */
    static RecordMetadata publishCompleted(KafkaProbe probe, String predictionId, String status, List<String> output,
            Instant occurredAt, Map<String, String> headers) {
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
        event.put("occurred_at", occurredAt.toString());
        String json;
        try {
            json = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CONTRACT.assertValid(COMPLETED, EventTypes.PREDICTION_COMPLETED, json);
        return probe.send(COMPLETED, predictionId, EventTypes.PREDICTION_COMPLETED, json, headers);
    }

    /** The records the probe saw on the topic for the prediction so far, in arrival order. */
    static List<KafkaProbe.Event> seen(KafkaProbe probe, String topic, String predictionId) {
        return probe.eventsFor(predictionId).stream().filter(event -> topic.equals(event.topic())).toList();
    }

    /** Waits for the {@code count}th record on the topic for the prediction and answers all of them so far. */
    static List<KafkaProbe.Event> awaitRecords(KafkaProbe probe, String topic, String predictionId, int count) {
        return await().atMost(WAIT).until(() -> seen(probe, topic, predictionId), records -> records.size() >= count);
    }

    /** The first outcome storage-service published for the prediction, checked against the contract. */
    static Outcome awaitOutcome(KafkaProbe probe, String predictionId) {
        return outcomes(probe, predictionId, 1).get(0);
    }

    /** The first {@code count} outcomes published for the prediction, each checked against the contract. */
    static List<Outcome> outcomes(KafkaProbe probe, String predictionId, int count) {
        return awaitRecords(probe, STORED, predictionId, count).stream().limit(count).map(Outcome::of).toList();
    }

    /** Waits until this service's consumer group has committed past the record: it has processed it. */
    static void awaitProcessed(KafkaProbe probe, RecordMetadata sent) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> probe.hasProcessed(GROUP, sent));
    }

    /** A record on prediction.stored: its CloudEvents type and attributes, and its JSON value. */
    record Outcome(String type, Map<String, String> headers, JsonNode event) {

        static Outcome of(KafkaProbe.Event record) {
            assertEquals(STORED, record.topic());
            CONTRACT.assertValid(record.topic(), record.type(), record.json());
            try {
                return new Outcome(record.type(), record.headers(), JSON.readTree(record.json()));
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + record.json(), e);
            }
        }

        String reason() {
            assertEquals(EventTypes.PREDICTION_STORAGE_FAILED, type, () -> "not a failure: " + event);
            return event.get("reason").asText();
        }
    }
}
