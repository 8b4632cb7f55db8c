package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SubmitTest {

    static final String JERSEY = """
            {"task":"jersey","mode":"speed","input":{"prompt":"A bold home kit","team_name":"Kiln FC",
             "player_name":"Ada","number":"10","primary_color":"#1E3A8A","secondary_color":"#F59E0B","style":"modern"}}
            """;

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

    @Test
    void acceptsAJerseyWith202ALocationAndThePredictionObject() {
        String id = given().contentType(ContentType.JSON).body(JERSEY)
                .when().post("/v1/predictions")
                .then().statusCode(202)
                .header("Location", matchesPattern("http://localhost:8080/v1/predictions/[a-z2-7]{26}"))
                .body("status", equalTo("starting"))
                .body("task", equalTo("jersey"))
                .body("mode", equalTo("speed"))
                .body("input.team_name", equalTo("Kiln FC"))
                .body("estimated_seconds", equalTo(5))
                .body("output", nullValue())
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("urls.cancel", startsWith("http://localhost:8080/v1/predictions/"))
                .extract().path("id");

        given().when().get("/v1/predictions/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("urls.get", equalTo("http://localhost:8080/v1/predictions/" + id));
    }

    @Test
    void publishesPredictionRequestedAsTheContractSaysBeforeAnswering() throws Exception {
        String id = given().contentType(ContentType.JSON).body(JERSEY)
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.requested").isPresent());
        var event = kafka.first(id, "prediction.requested").orElseThrow();
        AsyncApiContract.load().assertValid("prediction.requested", "prediction.requested", event.json());
        var json = new ObjectMapper().readTree(event.json());
        assertEquals("speed", json.path("mode").asText());
        assertEquals(0, json.path("cost").asInt(), "anonymous callers pay nothing");
        assertEquals("Ada", json.path("input").path("player_name").asText());
    }

    @Test
    void rejectsInvalidFieldsWith422AndSaysWhichAndPublishesNothing() {
        Map<Integer, Long> before = fenceEveryPartition(Map::put); // the last fence on each partition

        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"turbo\",\"input\":{\"prompt\":\"x\",\"number\":\"100\","
                        + "\"primary_color\":\"red\",\"cape\":true}}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", hasItem("mode"))
                .body("errors.field", hasItem("input.prompt"))
                .body("errors.field", hasItem("input.number"))
                .body("errors.field", hasItem("input.primary_color"))
                .body("errors.field", hasItem("input.cape"));

        // A publish would have been acknowledged before the answer, so it would sit between the two fences.
        Map<Integer, Long> after = fenceEveryPartition(Map::putIfAbsent); // the first fence on each partition
        before.forEach((partition, offset) -> assertEquals(offset + 1, after.get(partition),
                "prediction.requested partition " + partition + " holds only the test's fences"));
    }

    /**
     * Sends well-formed prediction.requested records of the test's own until every partition of the topic holds
     * one, and notes each one's offset per partition with {@code note}. Nothing else publishes to the topic while a
     * test of this class runs (the run has its own topics, and the tests run one at a time).
     */
    private static Map<Integer, Long> fenceEveryPartition(OffsetNote note) {
        Map<Integer, Long> offsets = new HashMap<>();
        for (int sent = 0; offsets.size() < PARTITIONS; sent++) {
            assertTrue(sent < 500, "the fences reached " + offsets.size() + " of " + PARTITIONS + " partitions");
            String id = PredictionIds.next();
            RecordMetadata fence = kafka.send("prediction.requested", id, "prediction.requested", """
                    {"prediction_id":"%s","user_id":"test:fence","task":"jersey","mode":"speed",
                     "input":{"prompt":"A fence"},"cost":0,"estimated_seconds":5,"created_at":"%s"}"""
                    .formatted(id, Instant.now()));
            note.put(offsets, fence.partition(), fence.offset());
        }
        return offsets;
    }

    private interface OffsetNote {
        Long put(Map<Integer, Long> offsets, Integer partition, Long offset);
    }

    @Test
    void refusesAnUnknownTopLevelFieldInsteadOfIgnoringIt() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A bold kit\"},\"colour\":\"red\"}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", equalTo(List.of("colour")))
                .body("errors[0].message", containsString("is not a field of a submission"));
    }

    @Test
    void refusesAWebhookEventsFilterWithoutAWebhook() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A bold kit\"},"
                        + "\"webhook_events_filter\":[\"completed\"]}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("errors.field", equalTo(List.of("webhook_events_filter")))
                .body("errors[0].message", equalTo("may only be given with a webhook"));
    }

    @Test
    void refusesFieldsOfTheWrongTypeAndABodyThatIsNoObject() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":7,\"mode\":\"speed\",\"input\":\"a kit\"}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("errors.field", hasItem("task"))
                .body("errors.field", hasItem("input"));
        given().contentType(ContentType.JSON).body("[]")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("errors.field", equalTo(List.of("body")));
    }

    /**
     * The input is checked against the very schema that GET /v1/tasks publishes: for each input, the gateway and
     * a client validating with that published schema come to the same verdict.
     */
    @Test
    void acceptsExactlyTheInputsThatThePublishedSchemaAccepts() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String published = given().when().get("/v1/tasks").then().statusCode(200).extract().asString();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(json.readTree(published).path("tasks").get(0).path("input_schema"));
        List<String> inputs = List.of(
                "{\"prompt\":\"  ab  \"}",              // two characters once trimmed
                "{\"prompt\":\" a b \"}",               // three
                "{\"prompt\":\"abc\"}",
                "{\"prompt\":\"" + "x".repeat(500) + "\"}",
                "{\"prompt\":\"" + "x".repeat(501) + "\"}",
                "{\"prompt\":42}",
                "{\"prompt\":\"A kit\",\"number\":\"7\",\"style\":\"retro\"}",
                "{\"prompt\":\"A kit\",\"number\":\"100\"}",
                "{\"prompt\":\"A kit\",\"primary_color\":\"#12345G\"}",
                "{\"prompt\":\"A kit\",\"team_name\":\"" + "T".repeat(41) + "\"}",
                "{\"prompt\":\"A kit\",\"cape\":true}",
                "{\"team_name\":\"Kiln FC\"}");
        for (String input : inputs) {
            boolean valid = schema.validate(json.readTree(input)).isEmpty();
            given().contentType(ContentType.JSON)
                    .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":" + input + "}")
                    .when().post("/v1/predictions")
                    .then().statusCode(valid ? 202 : 422);
        }
        assertTrue(schema.validate(json.readTree(inputs.get(1))).isEmpty(), "a prompt of three is valid");
        assertFalse(schema.validate(json.readTree(inputs.get(0))).isEmpty(), "a prompt of two once trimmed is not");
    }

    @Test
    void answersMalformedJsonWith400Problem() {
        given().contentType(ContentType.JSON).body("{\"task\":")
                .when().post("/v1/predictions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/malformed-body"))
                .body("status", equalTo(400));
    }

    @Test
    void answersAnotherMediaTypeWith415Problem() {
        given().contentType(ContentType.TEXT).body("jersey please")
                .when().post("/v1/predictions")
                .then().statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void answersAnUnknownPredictionWith404Problem() {
        given().when().get("/v1/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("detail", equalTo("No prediction has the id aaaaaaaaaaaaaaaaaaaaaaaaaa."));
        given().when().get("/v1/predictions/not-an-id").then().statusCode(404);
    }

    @Test
    void listsTheJerseyTaskWithItsThreeModes() {
        given().when().get("/v1/tasks")
                .then().statusCode(200)
                .body("tasks[0].name", equalTo("jersey"))
                .body("tasks[0].modes.name", equalTo(java.util.List.of("speed", "quality", "scene")))
                .body("tasks[0].modes.cost", equalTo(java.util.List.of(1, 2, 4)))
                .body("tasks[0].input_schema.required", equalTo(java.util.List.of("prompt")));
    }
}
