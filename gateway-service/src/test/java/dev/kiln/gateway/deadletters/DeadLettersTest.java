package dev.kiln.gateway.deadletters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
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
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.cloudevents.DeadLetterContext;
import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Issue 8, dead letters: a dead letter keeps the event's headers and says why, where it was read and which consumer gave
 * up after how many attempts; an admin lists them and replays one, once.
 */
@QuarkusTest
class DeadLettersTest {

    static KafkaProbe kafka;
    static KeycloakUsers.User admin;

    @InjectProvider
    WireMockServer provider;

    @Inject
    StatusStore statuses;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("credits.reservations.dlq", "prediction.progressed.dlq", "credits.reservations");
        admin = KeycloakUsers.create("user", "admin");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** The dead-letter topic of a channel in this test run (the run has its own topic names). */
    private static String deadLetterTopic(String channel) {
        return ConfigProvider.getConfig()
                .getValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAtOnceWithItsHeadersAndWhy() {
        String id = PredictionIds.next();
        kafka.send("prediction.progressed", id, "prediction.progressed", "{ this is not JSON");

        await().atMost(Duration.ofSeconds(15)).until(() -> !kafka.eventsFor(id).isEmpty());
        var deadLetter = kafka.eventsFor(id).get(0);
        assertEquals("prediction.progressed.dlq", deadLetter.topic());
        assertEquals("prediction.progressed", deadLetter.type(), "the event's own headers are kept");
        assertEquals("test", deadLetter.header("ce_source"));
        assertEquals(ConfigProvider.getConfig().getValue("mp.messaging.incoming.prediction-progressed.topic",
                String.class), deadLetter.header(DeadLetterHeaders.TOPIC), "where it was read");
        // SmallRye's reason: the deserializer's own message says what was wrong with the bytes.
        assertThat(deadLetter.header(DeadLetterHeaders.REASON), containsString("Unexpected character"));

        // Only admins see dead letters.
        String topic = deadLetterTopic("prediction-progressed");
        given().queryParam("topic", topic).get("/v1/admin/dead-letters").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(KeycloakUsers.create("user").accessToken()).queryParam("topic", topic)
                .get("/v1/admin/dead-letters").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin.accessToken()).queryParam("topic", "prediction.progressed")
                .get("/v1/admin/dead-letters").then().statusCode(400)
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
    }

    @Test
    void aReservationDeadLetteredForAnUnknownPredictionIsReplayedOnceAndThenDispatches() {
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"{{randomValue length=26 type='ALPHANUMERIC' lowercase=true}}\","
                                + "\"status\":\"starting\"}")
                        .withTransformers("response-template")));
        String marker = UUID.randomUUID().toString();
        String id = PredictionIds.next();
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));
        // Held while kiln.gateway.unknown-prediction-patience (10 s in tests) lasts, tried several times, then given up.
        await().atMost(Duration.ofSeconds(40))
                .until(() -> kafka.eventsFor(id).stream().anyMatch(e -> e.topic().endsWith(".dlq")));

        // The dead letter keeps the event's headers and says which consumer gave up, in which group, after how many
        // attempts (the patience lasts 10 s, tried at 200 ms doubling up to 2 s apart).
        var dead = kafka.eventsFor(id).stream().filter(e -> e.topic().equals("credits.reservations.dlq")).findFirst()
                .orElseThrow();
        assertEquals("credits.reserved", dead.type());
        assertEquals("test", dead.header("ce_source"));
        assertEquals("gateway-service/credits-reservations", dead.header(DeadLetterContext.CONSUMER));
        String group = ConfigProvider.getConfig().getValue("mp.messaging.connector.smallrye-kafka.group.id",
                String.class);
        assertEquals(group, dead.header(DeadLetterContext.GROUP));
        int attempts = Integer.parseInt(dead.header(DeadLetterContext.ATTEMPTS));
        assertTrue(attempts > 3, "tried until the patience ran out, " + attempts + " times");

        String topic = deadLetterTopic("credits-reservations");
        var listed = given().auth().oauth2(admin.accessToken()).queryParam("topic", topic)
                .queryParam("limit", "500")
                .get("/v1/admin/dead-letters").then().statusCode(200)
                .body("topic", equalTo(topic))
                .extract().jsonPath();
        List<Map<String, Object>> mine = listed.getList("dead_letters.findAll { it.key == '" + id + "' }");
        assertEquals(1, mine.size(), listed.prettify());
        Map<String, Object> deadLetter = mine.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) deadLetter.get("failure");
        org.hamcrest.MatcherAssert.assertThat((String) failure.get("reason"), containsString("never existed"));
        assertEquals(null, deadLetter.get("replay"));
        assertEquals(Map.of("name", "gateway-service/credits-reservations", "group", group, "attempts", attempts),
                deadLetter.get("consumer"), "the admin sees who gave up");
        int partition = (Integer) deadLetter.get("partition");
        long offset = ((Number) deadLetter.get("offset")).longValue();

        // The prediction turns up after all (the operator found it): the replay dispatches it.
        statuses.put(Prediction.requested(id, "anonymous:127.0.0.1", "jersey", "speed",
                json.valueToTree(Map.of("prompt", "A kit " + marker)), 0, 5, null, null, Instant.now(), Instant.now().plus(Duration.ofMinutes(30))))
                .await().indefinitely();
        String replay = "/v1/admin/dead-letters/" + topic + "/" + partition + "/" + offset + "/replay";
        given().auth().oauth2(admin.accessToken()).post(replay).then().statusCode(200)
                .body("replayed_by", equalTo(admin.id()))
                .body("topic", startsWith(ConfigProvider.getConfig()
                        .getValue("mp.messaging.incoming.credits-reservations.topic", String.class)));
        await().atMost(Duration.ofSeconds(15)).until(() -> provider.findAll(
                postRequestedFor(urlPathMatching("/v1/models/.*/predictions")).withRequestBody(containing(marker)))
                .size() == 1);
        var replayed = kafka.eventsFor(id).stream().filter(e -> e.topic().equals("credits.reservations"))
                .filter(e -> e.header(DeadLetterHeaders.REPLAYED_FROM) != null).findFirst().orElseThrow();
        assertEquals("credits.reserved", replayed.type());
        assertEquals(null, replayed.header(DeadLetterHeaders.REASON), "the replay is the event, not the dead letter");
        assertEquals(null, replayed.header(DeadLetterContext.CONSUMER));
        assertEquals(null, replayed.header(DeadLetterContext.ATTEMPTS));

        // Once: a second replay is refused, and the list says when it was replayed.
        given().auth().oauth2(admin.accessToken()).post(replay).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/already-replayed"));
        given().auth().oauth2(admin.accessToken()).post("/v1/admin/dead-letters/" + topic + "/" + partition
                + "/999999999/replay").then().statusCode(404)
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
    }
}
