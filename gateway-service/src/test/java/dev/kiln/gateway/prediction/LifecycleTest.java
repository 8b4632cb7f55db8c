package dev.kiln.gateway.prediction;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The status follows the events of the other services, in whatever order and however often they arrive. */
@QuarkusTest
class LifecycleTest {

    /** The gateway's consumer group, as configured (the probe adds the test run's suffix). */
    static final String GROUP = "gateway-service";

    static KafkaProbe kafka;
    static final AsyncApiContract CONTRACT = AsyncApiContract.load();

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static RecordMetadata publish(String topic, String type, String id, String json) {
        CONTRACT.assertValid(topic, type, json);
        return kafka.send(topic, id, type, json);
    }

    private static RecordMetadata progressed(String id) {
        return publish("prediction.progressed", "prediction.progressed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"rendering\\n","started_at":"2026-11-28T10:00:01Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), Instant.now()));
    }

    private static RecordMetadata completed(String id, String status) {
        return publish("prediction.completed", "prediction.completed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"%s",
                 "output":["http://localhost:8090/files/p/0.png"],"error":%s,"logs":"done\\n",
                 "metrics":{"predict_time":4.2,"total_time":4.9},"started_at":"2026-11-28T10:00:01Z",
                 "completed_at":"2026-11-28T10:00:05Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), status,
                        status.equals("failed") ? "{\"code\":\"prediction_failed\",\"message\":\"CUDA OOM\"}"
                                : "null",
                        Instant.now()));
    }

    private static RecordMetadata stored(String id) {
        String url = "http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png";
        return publish("prediction.stored", "prediction.stored", id, """
                {"prediction_id":"%s","objects":[{"index":0,"key":"predictions/%s/0.png","url":"%s",
                 "content_type":"image/png","size_bytes":1234,"sha256":"%s"}],"output":["%s"],"occurred_at":"%s"}"""
                .formatted(id, id, url, "a".repeat(64), url, Instant.now()));
    }

    @Test
    void succeedsOnlyOnceOurCopyIsStoredAndShowsOurUrlNeverTheProvidersOne() {
        String id = Predictions.submit(UUID.randomUUID().toString());

        progressed(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));
        completed(id, "succeeded");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("metrics.predict_time", equalTo(4.2f)).body("status", equalTo("processing"))
                .body("output", nullValue()));
        stored(id);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("succeeded"))
                .body("output", equalTo(List.of("http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png")))
                .body("logs", equalTo("done\n"))
                .body("started_at", equalTo("2026-11-28T10:00:01Z"))
                .body("completed_at", equalTo("2026-11-28T10:00:05Z")));
    }

    @Test
    void aCompletionBeforeItsProgressAndDuplicatesLeaveOneOutcome() {
        String id = Predictions.submit(UUID.randomUUID().toString());

        completed(id, "failed");
        completed(id, "failed");
        progressed(id);
        progressed(id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error_code", equalTo("prediction_failed"))
                .body("error", equalTo("CUDA OOM")));

        // Stale events after the failure change nothing: once the gateway has committed past them, it is still failed.
        RecordMetadata staleStored = stored(id);
        RecordMetadata staleSuccess = completed(id, "succeeded");
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.hasProcessed(GROUP, staleStored)
                && kafka.hasProcessed(GROUP, staleSuccess));
        given().get("/v1/predictions/" + id).then().body("status", equalTo("failed")).body("output", nullValue());
    }

    @Test
    void failsWithStorageFailedWhenOurCopyCannotBeMade() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        completed(id, "succeeded");

        publish("prediction.stored", "prediction.storage_failed", id, """
                {"prediction_id":"%s","reason":"output 0 is not an image","occurred_at":"%s"}"""
                .formatted(id, Instant.now()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error_code", equalTo("storage_failed"))
                .body("error", equalTo("The outputs could not be stored: output 0 is not an image")));
    }

    @Test
    void readsTheDurableRecordOnceTheStatusHasLeftRedis() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        progressed(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));

        redis.key().del("kiln:prediction:" + id); // as the TTL would

        given().get("/v1/predictions/" + id).then().statusCode(200)
                .body("status", equalTo("processing"))
                .body("logs", equalTo("rendering\n"))
                .body("urls.get", equalTo("http://localhost:8080/v1/predictions/" + id));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.key().exists("kiln:prediction:" + id));
    }
}
