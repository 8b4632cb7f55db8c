package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Replicate's predictions API as its clients call it: the model route, a create by version, and the prediction
 * object in Replicate's shape (error as a string beside Kiln's error_code, model, version, metrics, data_removed,
 * source). The official JavaScript client itself drives the running stack in client-tests/.
 */
@QuarkusTest
class ReplicateApiTest {

    static final String NOT_FOUND = "https://kiln.dev/problems/not-found";
    static final String INVALID_REQUEST = "https://kiln.dev/problems/invalid-request";
    static final String INPUT = "{\"prompt\":\"A bold home kit\",\"team_name\":\"Kiln FC\",\"number\":\"10\"}";

    static KafkaProbe kafka;
    static final AsyncApiContract CONTRACT = AsyncApiContract.load();

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** The version id of a model: the SHA-256 hex of its name, stable for as long as the model exists. */
    static String versionOf(String model) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theModelRouteRunsTheModelItNamesAndAnswersReplicatesPredictionObject() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"input\":" + INPUT + "}")
                .when().post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(202)
                .header("Location", containsString("/v1/predictions/"))
                .body("status", equalTo("starting"))
                .body("model", equalTo("kiln/jersey-speed"))
                .body("version", equalTo(versionOf("kiln/jersey-speed")))
                .body("task", equalTo("jersey"))
                .body("mode", equalTo("speed"))
                .body("input.team_name", equalTo("Kiln FC"))
                .body("error", nullValue())
                .body("error_code", nullValue())
                .body("data_removed", equalTo(false))
                .body("source", equalTo("api"))
                .body("urls.get", containsString("/v1/predictions/"))
                .extract().path("id");

        given().when().get("/v1/predictions/" + id)
                .then().statusCode(200)
                .body("model", equalTo("kiln/jersey-speed"))
                .body("version", equalTo(versionOf("kiln/jersey-speed")))
                .body("data_removed", equalTo(false))
                .body("source", equalTo("api"));
    }

    @Test
    void anUnknownModelIsNotFoundAndNothingIsSubmitted() {
        for (String model : List.of("kiln/jersey-turbo", "acme/jersey-speed", "kiln/hoodie-speed")) {
            given().contentType(ContentType.JSON).body("{\"input\":" + INPUT + "}")
                    .when().post("/v1/models/" + model + "/predictions")
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo(NOT_FOUND))
                    .body("detail", containsString("Kiln has no model " + model))
                    .body("detail", containsString("kiln/jersey-speed"));
            given().when().get("/v1/models/" + model).then().statusCode(404).body("type", equalTo(NOT_FOUND));
        }
    }

    @Test
    void theModelRouteTakesTheInputAndWebhooksOnlyItsPathNamesTheModel() {
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"quality\",\"version\":\"kiln/jersey-speed\",\"input\":" + INPUT
                        + "}")
                .when().post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(422)
                .body("type", equalTo(INVALID_REQUEST))
                .body("errors.field", hasItems("task", "mode", "version"))
                .body("errors.find { it.field == 'mode' }.message", containsString("kiln/jersey-speed"));
        given().contentType(ContentType.JSON).body("{\"input\":{\"number\":\"1000\"}}")
                .when().post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(422)
                .body("errors.field", hasItems("input.prompt", "input.number"));
    }

    @Test
    void aCreateByVersionTakesTheVersionIdTheModelNameOrBoth() throws Exception {
        String version = versionOf("kiln/jersey-speed");
        for (String reference : List.of(version, "kiln/jersey-speed", "kiln/jersey-speed:" + version)) {
            given().contentType(ContentType.JSON)
                    .body("{\"version\":\"" + reference + "\",\"input\":" + INPUT + "}")
                    .when().post("/v1/predictions")
                    .then().statusCode(202)
                    .body("task", equalTo("jersey"))
                    .body("mode", equalTo("speed"))
                    .body("model", equalTo("kiln/jersey-speed"))
                    .body("version", equalTo(version));
        }
        // With task and mode that say the same, as Kiln's own clients may send both.
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"version\":\"" + version + "\",\"input\":" + INPUT + "}")
                .when().post("/v1/predictions")
                .then().statusCode(202).body("mode", equalTo("speed"));
    }

    @Test
    void aVersionThatNamesNothingOrContradictsTaskAndModeIsRefused() throws Exception {
        for (String reference : List.of("kiln/jersey-turbo", "a".repeat(64),
                "kiln/jersey-speed:" + versionOf("kiln/jersey-quality"))) {
            given().contentType(ContentType.JSON)
                    .body("{\"version\":\"" + reference + "\",\"input\":" + INPUT + "}")
                    .when().post("/v1/predictions")
                    .then().statusCode(422)
                    .body("errors.field", equalTo(List.of("version")))
                    .body("errors[0].message", containsString("GET /v1/tasks"));
        }
        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"version\":\"kiln/jersey-scene\",\"input\":" + INPUT
                        + "}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("errors.field", equalTo(List.of("version")))
                .body("errors[0].message", containsString("kiln/jersey-scene"));
        given().contentType(ContentType.JSON).body("{\"input\":" + INPUT + "}")
                .when().post("/v1/predictions")
                .then().statusCode(422)
                .body("errors.field", hasItems("task", "mode"))
                .body("errors[0].message", containsString("version"));
    }

    @Test
    void theCatalogAndTheModelObjectPublishEachModesModelAndVersion() throws Exception {
        given().when().get("/v1/tasks")
                .then().statusCode(200)
                .body("tasks[0].modes.find { it.name == 'scene' }.model", equalTo("kiln/jersey-scene"))
                .body("tasks[0].modes.find { it.name == 'scene' }.version", equalTo(versionOf("kiln/jersey-scene")));
        given().when().get("/v1/models/kiln/jersey-quality")
                .then().statusCode(200)
                .body("owner", equalTo("kiln"))
                .body("name", equalTo("jersey-quality"))
                .body("visibility", equalTo("public"))
                .body("latest_version.id", equalTo(versionOf("kiln/jersey-quality")))
                .body("latest_version.openapi_schema.components.schemas.Input.properties.prompt.type",
                        equalTo("string"))
                .body("cost", equalTo(2));
    }

    @Test
    void aFailedPredictionsErrorIsItsMessageWithKilnsCodeBesideItAndItsMetricsAreInSeconds() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"input\":{\"prompt\":\"A kit " + UUID.randomUUID() + "\"}}")
                .when().post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(202).extract().path("id");
        Instant created = Instant.parse(given().get("/v1/predictions/" + id).then().extract().path("created_at"));
        Instant started = created.plusMillis(1500);
        Instant completed = created.plusMillis(4000);
        String progressed = """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"loading\\n","started_at":"%s","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), started, Instant.now());
        CONTRACT.assertValid("prediction.progressed", "prediction.progressed", progressed);
        kafka.send("prediction.progressed", id, "prediction.progressed", progressed);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("processing")).body("metrics", nullValue()));
        String failed = """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"failed",
                 "output":null,"error":{"code":"prediction_failed","message":"CUDA OOM"},"logs":"oom\\n",
                 "metrics":null,"started_at":"%s","completed_at":"%s","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), started, completed, Instant.now());
        CONTRACT.assertValid("prediction.completed", "prediction.completed", failed);
        kafka.send("prediction.completed", id, "prediction.completed", failed);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error", equalTo("CUDA OOM"))
                .body("error_code", equalTo("prediction_failed"))
                .body("metrics.predict_time", equalTo(2.5f))
                .body("metrics.total_time", equalTo(4.0f)));
    }

    @Test
    void theListPagesAsReplicatesClientsFollowIt() {
        String token = KeycloakUsers.create("user").accessToken();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"input\":" + INPUT + "}")
                    .when().post("/v1/models/kiln/jersey-speed/predictions").then().statusCode(202);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("limit", 2).when().get("/v1/predictions")
                .then().statusCode(200)
                .body("results.size()", equalTo(2))
                .body("results[0].model", equalTo("kiln/jersey-speed"))
                .body("next", containsString("cursor="))
                .body("previous", nullValue()));
        String next = given().auth().oauth2(token).queryParam("limit", 2).when().get("/v1/predictions")
                .then().extract().path("next");
        // next is absolute, on the public URL; this test's gateway listens elsewhere, so its query is followed here.
        given().auth().oauth2(token).queryParam("limit", 2)
                .queryParam("cursor", next.substring(next.indexOf("cursor=") + "cursor=".length()))
                .when().get("/v1/predictions")
                .then().statusCode(200).body("results.size()", equalTo(1)).body("next", nullValue())
                .body("previous", nullValue());
        int total = given().auth().oauth2(token).when().get("/v1/predictions").then().extract().path("results.size()");
        assertEquals(3, total);
    }
}
