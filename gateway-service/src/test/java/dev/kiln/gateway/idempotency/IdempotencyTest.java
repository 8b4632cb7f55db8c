package dev.kiln.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class IdempotencyTest {

    /** prediction.requested's partitions, as in deploy/kafka/topics.txt. */
    static final int PARTITIONS = 6;

    static KafkaProbe kafka;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    private static String jersey(String marker) {
        return "{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}";
    }

    private static Response submit(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/v1/predictions");
    }

    @Test
    void theSameKeyAndBodyGetTheFirstAnswerAgainAndCreateNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();

        Response first = submit(key, jersey(marker));
        first.then().statusCode(202).header("Idempotent-Replayed", nullValue());
        Response again = submit(key, jersey(marker));

        again.then().statusCode(202)
                .header("Idempotent-Replayed", equalTo("true"))
                .header("Location", equalTo(first.header("Location")));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(first.asString()), json.readTree(again.asString()));
        assertEquals(1, requestedPredictionsWith(marker));
    }

    @Test
    void theSameBodyWithItsFieldsInAnotherOrderIsTheSameRequest() {
        String marker = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        String id = submit(key, jersey(marker)).then().statusCode(202).extract().path("id");

        submit(key, "{ \"input\": {\"prompt\": \"A kit " + marker + "\"}, \"mode\": \"speed\", \"task\": \"jersey\" }")
                .then().statusCode(202).header("Idempotent-Replayed", equalTo("true")).body("id", equalTo(id));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictAndCreatesNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        submit(key, jersey(marker)).then().statusCode(202);

        submit(key, jersey(marker + " in red"))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/idempotency-conflict"))
                .header("Retry-After", nullValue());
        assertEquals(0, requestedPredictionsWith(marker + " in red"));
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyCreateOnePrediction() throws Exception {
        String marker = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Response>> answers;
        try {
            answers = java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return submit(key, jersey(marker));
                    }, clients))
                    .toList();
            start.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        } finally {
            clients.shutdown();
        }

        Set<String> ids = new HashSet<>();
        int created = 0;
        for (var future : answers) {
            Response answer = future.join();
            if (answer.statusCode() == 202) {
                ids.add(answer.path("id"));
                created += answer.header("Idempotent-Replayed") == null ? 1 : 0;
            } else {
                // The first request is still running: the others are told to come back for its answer.
                assertEquals(409, answer.statusCode(), answer.asString());
                assertEquals("https://kiln.dev/problems/idempotency-conflict", answer.path("type"));
                assertEquals("1", answer.header("Retry-After"));
            }
        }
        assertEquals(1, created, "exactly one request ran");
        assertTrue(ids.size() <= 1, "every 202 shows the one prediction: " + ids);
        assertEquals(1, requestedPredictionsWith(marker));

        // Once the first has answered, a retry gets its prediction.
        String id = submit(key, jersey(marker)).then().statusCode(202)
                .header("Idempotent-Replayed", equalTo("true")).extract().path("id");
        assertTrue(ids.isEmpty() || ids.contains(id));
    }

    @Test
    void aKeyThatIsNoTokenIsRefusedAndCreatesNothing() throws Exception {
        String marker = UUID.randomUUID().toString();
        submit("a key with spaces", jersey(marker))
                .then().statusCode(400)
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
        submit("k".repeat(256), jersey(marker)).then().statusCode(400);
        assertEquals(0, requestedPredictionsWith(marker));
    }

    /**
     * How many prediction.requested records carry the marker. A record is acknowledged before its answer, so once
     * a fence sent after the answers has come through on every partition, the probe holds every such record.
     */
    private static long requestedPredictionsWith(String marker) throws Exception {
        Set<String> fences = new HashSet<>();
        Set<Integer> partitions = new HashSet<>();
        for (int sent = 0; partitions.size() < PARTITIONS; sent++) {
            assertTrue(sent < 500, "the fences reached " + partitions.size() + " of " + PARTITIONS + " partitions");
            String id = PredictionIds.next();
            RecordMetadata fence = kafka.send("prediction.requested", id, "prediction.requested", """
                    {"prediction_id":"%s","user_id":"test:fence","task":"jersey","mode":"speed",
                     "input":{"prompt":"A fence"},"cost":0,"estimated_seconds":5,"created_at":"%s"}"""
                    .formatted(id, Instant.now()));
            fences.add(id);
            partitions.add(fence.partition());
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> fences.stream().allMatch(id -> kafka.first(id, "prediction.requested").isPresent()));
        ObjectMapper json = new ObjectMapper();
        long count = 0;
        for (var event : kafka.eventsOfType("prediction.requested")) {
            JsonNode prompt = json.readTree(event.json()).path("input").path("prompt");
            count += prompt.asText().equals("A kit " + marker) ? 1 : 0;
        }
        return count;
    }
}
