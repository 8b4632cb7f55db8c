package dev.kiln.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * GET /v1/predictions/{id}/events (issue 10): every change in order, the final object last, a resume with
 * Last-Event-ID that loses and repeats nothing, keep-alives, and the same answers as GET for what may not be read.
 * The changes come as the other services' events do, over Kafka; the stream reads them from the history in Redis.
 */
@QuarkusTest
class LiveStatusTest {

    static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    static final ObjectMapper JSON = new ObjectMapper();
    static KafkaProbe kafka;

    @Inject
    RedisDataSource redis;

    @Inject
    LiveSignals signals;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static void publish(String topic, String type, String id, String json) {
        CONTRACT.assertValid(topic, type, json);
        kafka.send(topic, id, type, json);
    }

    static void progressed(String id, String logs) {
        publish("prediction.progressed", "prediction.progressed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"%s","started_at":"2026-11-28T10:00:01Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), logs, Instant.now()));
    }

    static void completed(String id) {
        publish("prediction.completed", "prediction.completed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"succeeded",
                 "output":["http://localhost:8090/files/p/0.png"],"error":null,"logs":"done\\n",
                 "metrics":{"predict_time":4.2,"total_time":4.9},"started_at":"2026-11-28T10:00:01Z",
                 "completed_at":"2026-11-28T10:00:05Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), Instant.now()));
    }

    static void stored(String id) {
        String url = "http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png";
        publish("prediction.stored", "prediction.stored", id, """
                {"prediction_id":"%s","objects":[{"index":0,"key":"predictions/%s/0.png","url":"%s",
                 "content_type":"image/png","size_bytes":1234,"sha256":"%s"}],"output":["%s"],"occurred_at":"%s"}"""
                .formatted(id, id, url, "a".repeat(64), url, Instant.now()));
    }

    /** Runs the prediction to succeeded, one change at a time, as GET sees each. */
    static void runToSuccess(String id) {
        progressed(id, "rendering\\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));
        completed(id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("logs", equalTo("done\n")));
        stored(id);
    }

    static String status(EventStream.Event event) {
        try {
            return JSON.readTree(event.data()).path("status").asText();
        } catch (Exception e) {
            throw new AssertionError("Not a prediction object: " + event.data(), e);
        }
    }

    @Test
    void streamsEveryChangeInOrderThenTheFinalObjectAndCloses() throws Exception {
        String id = Predictions.submit(UUID.randomUUID().toString());
        given().get("/v1/predictions/" + id).then()
                .body("urls.stream", equalTo("http://localhost:8080/v1/predictions/" + id + "/events"));

        try (EventStream stream = EventStream.open(id, null)) {
            assertEquals(200, stream.status);
            assertTrue(stream.contentType.startsWith("text/event-stream"), stream.contentType);
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events.isEmpty());
            runToSuccess(id);
            await().atMost(Duration.ofSeconds(15)).until(stream::ended);

            List<String> names = stream.events.stream().map(EventStream.Event::name).toList();
            List<String> statuses = stream.events.stream().map(LiveStatusTest::status).toList();
            assertEquals(List.of("status", "status", "progress", "done"), names, "events " + stream.events);
            assertEquals(List.of("starting", "processing", "processing", "succeeded"), statuses);
            JsonNode last = JSON.readTree(stream.events.get(3).data());
            assertEquals("http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png",
                    last.path("output").path(0).asText(), "the final object, with Kiln's output");
            assertEquals(4.2, last.path("metrics").path("predict_time").asDouble());
            assertEquals(4, new HashSet<>(stream.events.stream().map(EventStream.Event::id).toList()).size(),
                    "each change has an id of its own");
        }
    }

    @Test
    void resumesAfterADroppedConnectionWithLastEventIdLosingAndRepeatingNothing() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        List<EventStream.Event> seen = new ArrayList<>();

        try (EventStream first = EventStream.open(id, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.events.size() == 1);
            seen.addAll(first.events);
        } // dropped while the prediction is starting
        progressed(id, "step 1\\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));
        progressed(id, "step 1\\nstep 2\\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("logs", equalTo("step 1\nstep 2\n")));

        String lastEventId = seen.get(seen.size() - 1).id();
        assertNotNull(lastEventId);
        try (EventStream second = EventStream.open(id, lastEventId)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.events.size() == 2);
            completed(id);
            stored(id);
            await().atMost(Duration.ofSeconds(15)).until(second::ended);
            seen.addAll(second.events);
        }

        List<String> statuses = seen.stream().map(LiveStatusTest::status).toList();
        assertEquals("starting", statuses.get(0));
        assertEquals(List.of("processing", "processing"), statuses.subList(1, 3), "both progress changes, once: " + seen);
        assertEquals("succeeded", statuses.get(statuses.size() - 1));
        assertEquals(seen.size(), new HashSet<>(seen.stream().map(EventStream.Event::id).toList()).size(),
                "nothing repeated: " + seen);
        assertEquals(1, seen.stream().filter(event -> "starting".equals(status(event))).count());
        await().atMost(Duration.ofSeconds(10)).until(() -> signals.watched() == 0); // closed streams let go
    }

    @Test
    void aClientResumingAfterTheFinalEventGetsNothingMoreAndTheStreamCloses() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        runToSuccess(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Predictions.status(id)));

        String doneId;
        try (EventStream whole = EventStream.open(id, null)) {
            await().atMost(Duration.ofSeconds(10)).until(whole::ended);
            assertEquals("done", whole.events.get(whole.events.size() - 1).name());
            doneId = whole.events.get(whole.events.size() - 1).id();
        }
        try (EventStream again = EventStream.open(id, doneId)) {
            await().atMost(Duration.ofSeconds(10)).until(again::ended);
            assertEquals(List.of(), again.events);
        }
    }

    @Test
    void showsTheLogsAndTheProgressOfTheirStepLinesAsTheyCome() throws Exception {
        String id = Predictions.submit(UUID.randomUUID().toString());
        try (EventStream stream = EventStream.open(id, null)) {
            progressed(id, "Using seed: 7\\n  20%|██        | 10/50\\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() == 2);
            progressed(id, "Using seed: 7\\n  20%|██        | 10/50\\n  40%|████      | 20/50\\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.events.size() == 3);

            JsonNode first = JSON.readTree(stream.events.get(1).data());
            assertEquals("status", stream.events.get(1).name());
            assertEquals(0.2, first.path("progress").asDouble());
            JsonNode second = JSON.readTree(stream.events.get(2).data());
            assertEquals("progress", stream.events.get(2).name());
            assertEquals(0.4, second.path("progress").asDouble());
            assertEquals("Using seed: 7\n  20%|██        | 10/50\n  40%|████      | 20/50\n", second.path("logs").asText());
            assertTrue(JSON.readTree(stream.events.get(0).data()).path("progress").isNull(), "no step line yet");
        }
        given().get("/v1/predictions/" + id).then().body("progress", equalTo(0.4f));
    }

    @Test
    void keepsTheHistoryOfAnEndedPredictionForAnHourNotForTheStatusTtl() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        long whileRunning = redis.key().ttl("kiln:prediction-history:" + id);
        assertTrue(whileRunning > 3600, "the status TTL while it runs: " + whileRunning);
        runToSuccess(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Predictions.status(id)));

        long ended = redis.key().ttl("kiln:prediction-history:" + id);
        assertTrue(ended > 0 && ended <= 3600, "kiln.gateway.history-retention-after-end: " + ended);
        assertTrue(redis.key().ttl("kiln:prediction:" + id) > 3600, "the status itself keeps its TTL");
    }

    @Test
    void sendsAKeepAliveCommentWhileNothingChanges() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        try (EventStream stream = EventStream.open(id, null)) {
            // kiln.gateway.live.keep-alive is 1 s in the test profile (15 s in production)
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments.size() >= 2);
            assertEquals("keep-alive", stream.comments.get(0));
            assertEquals(1, stream.events.size(), "no change, no event: " + stream.events);
            assertFalse(stream.ended());
        }
    }

    @Test
    void everyStartReadsTheStatusTopicsWithAConsumerGroupOfItsOwn() {
        for (String channel : List.of("prediction-progressed-live", "prediction-completed-live", "prediction-stored-live")) {
            String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming." + channel + ".group.id",
                    String.class);
            assertTrue(group.matches("gateway-service-live-[0-9a-f-]{36}.*"), "a UUID of this start: " + group);
        }
    }

    @Test
    void answersABadIdAsGetDoesWithAProblem() {
        given().accept("text/event-stream").get("/v1/predictions/not-a-prediction/events")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
        given().accept("text/event-stream").get("/v1/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa/events")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
    }

    @Test
    void refusesALastEventIdItNeverSent() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        given().accept("text/event-stream").header("Last-Event-ID", "yesterday")
                .get("/v1/predictions/" + id + "/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                .body("detail", containsString("Last-Event-ID"));
    }

    @Test
    void followsOnlyWhatTheCallerMayRead() throws Exception {
        var alice = KeycloakUsers.create("user");
        var bob = KeycloakUsers.create("user");
        String id = given().auth().oauth2(alice.accessToken()).contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit\"}}")
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");

        given().accept("text/event-stream").get("/v1/predictions/" + id + "/events")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
        given().auth().oauth2(bob.accessToken()).accept("text/event-stream").get("/v1/predictions/" + id + "/events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/forbidden"));
    }
}
