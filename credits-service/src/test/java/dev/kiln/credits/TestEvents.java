package dev.kiln.credits;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.producer.RecordMetadata;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaResource;

/**
 * Events other services publish, shaped as docs/asyncapi.yaml's examples, for the ids and users of one test; and
 * the Kafka side of a test: a {@link KafkaProbe} that publishes them (checked against the contract first) and
 * records what this service publishes.
 */
final class TestEvents {

    static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    /** This service's consumer group, as configured (the test run's suffix is added by the probe). */
    static final String GROUP = "credits-service";

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private TestEvents() {
    }

    /** A probe that records the topics from now on (none: it only publishes); close it after use. */
    static KafkaProbe probe(String... topics) {
        return new KafkaProbe(KafkaResource.bootstrapServers()).listen(topics);
    }

    /** Publishes an event that keeps the contract, as its producer would, keyed by its prediction id. */
    static RecordMetadata publish(KafkaProbe probe, String topic, String ceType, String predictionId, String json) {
        CONTRACT.assertValid(topic, ceType, json);
        return probe.send(topic, predictionId, ceType, json);
    }

    /**
     * Waits until this service's consumer group has committed past the record, i.e. processed it: the way to be
     * sure that something did not happen, without sleeping.
     */
    static void awaitProcessed(KafkaProbe probe, RecordMetadata sent) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> probe.hasProcessed(GROUP, sent));
    }

    /** A fresh Kiln prediction id: 26 lowercase base32 characters. */
    static String predictionId() {
        StringBuilder id = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            id.append(BASE32.charAt(ThreadLocalRandom.current().nextInt(BASE32.length())));
        }
        return id.toString();
    }

    /** A user nobody has seen: each test makes its own. */
    static String user() {
        return "user-" + predictionId();
    }

    static String anonymousUser() {
        return "anonymous:" + predictionId();
    }

    static String requested(String predictionId, String userId, long cost) {
        return """
                {"prediction_id":"%s","user_id":"%s","task":"jersey","mode":"speed",
                 "input":{"prompt":"A bold home kit","team_name":"Kiln FC","player_name":"Ada","number":"10",
                          "primary_color":"#1E3A8A","secondary_color":"#F59E0B","style":"modern"},
                 "cost":%d,"estimated_seconds":5,"webhook":null,"webhook_events_filter":["completed"],
                 "created_at":"2026-11-28T10:00:00.000Z"}""".formatted(predictionId, userId, cost);
    }

    static String completed(String predictionId, String status) {
        boolean succeeded = status.equals("succeeded");
        return """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"gm3qorzdhgbfurvjtvhg6dckhu",
                 "status":"%s","output":%s,"error":%s,"logs":"rendering shirt\\n",
                 "metrics":{"predict_time":4.2,"total_time":4.9},"started_at":"2026-11-28T10:00:01.000Z",
                 "completed_at":"2026-11-28T10:00:05.200Z","occurred_at":"2026-11-28T10:00:05.210Z"}"""
                .formatted(predictionId, status,
                        succeeded ? "[\"http://localhost:8090/files/gm3qorzdhgbfurvjtvhg6dckhu/0.png\"]" : "null",
                        succeeded ? "null" : "{\"code\":\"prediction_failed\",\"message\":\"the model crashed\"}");
    }

    static String stored(String predictionId) {
        String key = "predictions/" + predictionId + "/0.png";
        String url = "http://localhost:9000/kiln-outputs/" + key;
        return """
                {"prediction_id":"%s","objects":[{"index":0,"key":"%s","url":"%s","content_type":"image/png",
                 "size_bytes":48213,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
                 "output":["%s"],"occurred_at":"2026-11-28T10:00:05.600Z"}""".formatted(predictionId, key, url, url);
    }

    static String storageFailed(String predictionId) {
        return """
                {"prediction_id":"%s","reason":"output 0 is not an image (text/html)",
                 "occurred_at":"2026-11-28T10:00:09.000Z"}""".formatted(predictionId);
    }
}
