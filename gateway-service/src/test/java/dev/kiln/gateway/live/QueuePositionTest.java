package dev.kiln.gateway.live;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * queue_position (issue 10, "Live status"): while a prediction waits for dispatch (accepted, its job not yet created
 * at the provider) it says how many accepted before it still wait, in every answer that shows it; the count goes down
 * as those before it are dispatched or end, and the field is null once its own job is at the provider. Dispatch is
 * held here by the reservation: no credits-service runs, so a prediction waits until the test reserves it.
 */
@QuarkusTest
class QueuePositionTest {

    static KafkaProbe kafka;

    @InjectProvider
    WireMockServer provider;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        LiveStatusTest.kafka = kafka;
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /**
     * This run's own dispatch queue (kiln.gateway.dispatch-queue.key), emptied: what earlier tests left waiting (they
     * never reserve most of their predictions) would stand before this test's predictions.
     */
    @BeforeEach
    void onlyThisTestsPredictionsWait() {
        String key = ConfigProvider.getConfig().getValue("kiln.gateway.dispatch-queue.key", String.class);
        assertTrue(key.contains("test-"), "a test run's own key, never the stack's: " + key);
        redis.key().del(key);
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"{{randomValue length=26 type='ALPHANUMERIC' lowercase=true}}\","
                                + "\"status\":\"starting\"}")
                        .withTransformers("response-template")));
    }

    private static void reserve(String id) {
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));
    }

    private static Response submit(String prompt) {
        return given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + prompt + "\"}}")
                .when().post("/v1/predictions");
    }

    private static Integer position(String id) {
        return given().get("/v1/predictions/" + id).then().statusCode(200).extract().path("queue_position");
    }

    @Test
    void countsDownAsEarlierPredictionsAreDispatchedAndIsNullOnceDispatched() {
        Response firstAnswer = submit(UUID.randomUUID().toString());
        Response secondAnswer = submit(UUID.randomUUID().toString());
        Response thirdAnswer = submit(UUID.randomUUID().toString());
        assertEquals(List.of(0, 1, 2), List.of(firstAnswer.<Integer>path("queue_position"),
                secondAnswer.<Integer>path("queue_position"), thirdAnswer.<Integer>path("queue_position")),
                "the submit's own answer has it: " + thirdAnswer.asString());
        String first = firstAnswer.path("id");
        String second = secondAnswer.path("id");
        String third = thirdAnswer.path("id");
        assertEquals(List.of(0, 1, 2), List.of(position(first), position(second), position(third)));

        reserve(first);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + first).then()
                .body("status", equalTo("starting")).body("queue_position", nullValue())
                .body("eta", notNullValue()));
        assertEquals(0, position(second));
        assertEquals(1, position(third));

        reserve(second);
        await().atMost(Duration.ofSeconds(15)).until(() -> position(second) == null);
        assertEquals(0, position(third));
    }

    @Test
    void aPredictionThatEndsWhileWaitingLeavesTheQueueAndHasNeitherPositionNorEta() {
        String first = submit(UUID.randomUUID().toString()).path("id");
        String second = submit(UUID.randomUUID().toString()).path("id");
        assertEquals(1, position(second));

        given().contentType(ContentType.JSON).post("/v1/predictions/" + first + "/cancel").then().statusCode(202)
                .body("status", equalTo("canceled")).body("queue_position", nullValue()).body("eta", nullValue());
        given().get("/v1/predictions/" + first).then().body("status", equalTo("canceled"))
                .body("queue_position", nullValue()).body("eta", nullValue());
        assertEquals(0, position(second));
    }

    @Test
    void theStreamThePreferWaitAnswerAndTheListCarryIt() throws Exception {
        var user = KeycloakUsers.create("user");
        String token = user.accessToken();
        String ahead = Predictions.submit(UUID.randomUUID().toString());
        Response waited = given().contentType(ContentType.JSON).auth().oauth2(token).header("Prefer", "wait=1")
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit\"}}")
                .when().post("/v1/predictions");
        assertEquals(202, waited.statusCode(), waited.asString());
        assertEquals(1, (Integer) waited.path("queue_position"), "after the wait, still second: " + waited.asString());
        String id = waited.path("id");

        String followed = Predictions.submit(UUID.randomUUID().toString()); // anonymous: EventStream sends no token
        try (EventStream stream = EventStream.open(followed, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events.isEmpty());
            JsonNode first = LiveStatusTest.JSON.readTree(stream.events.get(0).data());
            assertEquals(2, first.path("queue_position").asInt(-1), stream.events.get(0).data());
            assertTrue(first.path("eta").isTextual(), stream.events.get(0).data());
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v1/predictions").then().statusCode(200)
                .body("results.find { it.id == '" + id + "' }.queue_position", equalTo(1)));

        reserve(ahead);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/v1/predictions").then()
                .body("results.find { it.id == '" + id + "' }.queue_position", equalTo(0)));
        Map<String, Object> mine = given().auth().oauth2(token).get("/v1/predictions/" + id).then().statusCode(200)
                .extract().as(Map.class);
        assertEquals(0, mine.get("queue_position"));
    }
}
