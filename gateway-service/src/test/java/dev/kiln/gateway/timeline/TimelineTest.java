package dev.kiln.gateway.timeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Issue 11: GET /v1/admin/predictions/{id}/timeline, what happened to one prediction across Kiln. */
@QuarkusTest
class TimelineTest {

    static KafkaProbe kafka;
    static KeycloakUsers.User admin;
    static KeycloakUsers.User user;

    @InjectProvider
    WireMockServer provider;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.dispatched");
        admin = KeycloakUsers.create("user", "admin");
        user = KeycloakUsers.create("user");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void listsEveryEventOfAFinishedPredictionInOrderWithTheStatusTtlAndTheSettlement() {
        String marker = UUID.randomUUID().toString();
        String providerId = "p" + marker.replace("-", "").substring(0, 20);
        acceptsCreates(marker, providerId);
        String id = given().auth().oauth2(user.accessToken()).contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .post("/v1/predictions").then().statusCode(202).extract().path("id");

        // The other services' parts, played by the test: credits reserves, the provider runs, storage keeps, credits
        // confirms. The gateway publishes prediction.requested and prediction.dispatched itself.
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"%s","amount":1,"available":9,"reserved":1,"occurred_at":"%s"}"""
                .formatted(id, user.id(), Instant.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        kafka.send("prediction.progressed", id, "prediction.progressed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"processing",
                 "logs":"rendering\\n","started_at":"%s","occurred_at":"%s"}"""
                .formatted(id, providerId, Instant.now(), Instant.now()));
        kafka.send("prediction.completed", id, "prediction.completed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"succeeded",
                 "output":["http://provider.test/%s/0.png"],"error":null,"logs":"done\\n","metrics":null,
                 "started_at":"%s","completed_at":"%s","occurred_at":"%s"}"""
                .formatted(id, providerId, providerId, Instant.now(), Instant.now(), Instant.now()));
        String url = "http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png";
        kafka.send("prediction.stored", id, "prediction.stored", """
                {"prediction_id":"%s","objects":[{"index":0,"key":"predictions/%s/0.png","url":"%s",
                 "content_type":"image/png","size_bytes":1234,"sha256":"%s"}],"output":["%s"],"occurred_at":"%s"}"""
                .formatted(id, id, url, "a".repeat(64), url, Instant.now()));
        kafka.send("credits.settlements", id, "credits.confirmed", """
                {"prediction_id":"%s","user_id":"%s","amount":1,"available":9,"reserved":0,"occurred_at":"%s"}"""
                .formatted(id, user.id(), Instant.now()));
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth().oauth2(user.accessToken()).get("/v1/predictions/" + id)
                        .then().body("status", equalTo("succeeded")));

        JsonPath timeline = given().auth().oauth2(admin.accessToken())
                .get("/v1/admin/predictions/" + id + "/timeline")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("prediction_id", equalTo(id))
                // The status store entry, with what is left of its 24 h.
                .body("status_store.present", equalTo(true))
                .body("status_store.prediction.status", equalTo("succeeded"))
                .body("status_store.ttl_seconds", allOf(greaterThan(24 * 3600 - 120), lessThanOrEqualTo(24 * 3600)))
                .body("durable_record.present", equalTo(true))
                .body("durable_record.prediction.status", equalTo("succeeded"))
                .body("durable_record.dispatch.provider_prediction_id", equalTo(providerId))
                .body("durable_record.dispatch.state", equalTo("created"))
                .body("settlement.outcome", equalTo("confirmed"))
                .body("settlement.amount", equalTo(1))
                .body("stored_objects[0].key", equalTo("predictions/" + id + "/0.png"))
                .body("stored_objects[0].content_type", equalTo("image/png"))
                .body("provider", nullValue())
                .extract().jsonPath();

        assertEquals(List.of("prediction.requested", "credits.reserved", "prediction.dispatched",
                "prediction.progressed", "prediction.completed", "prediction.stored", "credits.confirmed"),
                timeline.getList("events.type"), timeline.prettify());
        assertEquals(List.of("gateway-service", "test", "gateway-service", "test", "test", "test", "test"),
                timeline.getList("events.service"));
        assertEquals(List.of("accepted", "reserved", "dispatched", "processing", "succeeded", "stored", "confirmed"),
                timeline.getList("events.outcome"));
        List<String> times = timeline.getList("events.time");
        assertEquals(times.stream().map(Instant::parse).sorted().map(Instant::toString).toList(),
                times.stream().map(Instant::parse).map(Instant::toString).toList(), "oldest first");
        List<String> topics = timeline.getList("events.topic");
        org.hamcrest.MatcherAssert.assertThat(topics.get(6), endsWith("credits.settlements"));
    }

    @Test
    void showsTheProvidersViewWhileThePredictionIsInFlightAndItsFailureWithoutFailing() {
        String marker = UUID.randomUUID().toString();
        String providerId = "p" + marker.replace("-", "").substring(0, 20);
        acceptsCreates(marker, providerId);
        provider.stubFor(get(urlPathEqualTo("/v1/predictions/" + providerId)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"%s","status":"processing","logs":"rendering shirt\\n","error":null}"""
                        .formatted(providerId))));
        String id = Predictions.submit(marker);

        // Before the reservation: in flight, nothing at the provider yet.
        given().auth().oauth2(admin.accessToken()).get("/v1/admin/predictions/" + id + "/timeline")
                .then().statusCode(200)
                .body("provider.provider_prediction_id", nullValue())
                .body("provider.error", containsString("Not dispatched yet"))
                .body("settlement.outcome", equalTo("none"));

        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        given().auth().oauth2(admin.accessToken()).get("/v1/admin/predictions/" + id + "/timeline")
                .then().statusCode(200)
                .body("provider.provider_prediction_id", equalTo(providerId))
                .body("provider.status", equalTo("processing"))
                .body("provider.prediction.logs", equalTo("rendering shirt\n"))
                .body("provider.error", nullValue())
                .body("settlement.outcome", equalTo("open"))
                .body("events.type", equalTo(List.of("prediction.requested", "credits.reserved",
                        "prediction.dispatched")));

        // The provider failing is part of the answer, not a 5xx.
        provider.stubFor(get(urlPathEqualTo("/v1/predictions/" + providerId)).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        given().auth().oauth2(admin.accessToken()).get("/v1/admin/predictions/" + id + "/timeline")
                .then().statusCode(200)
                .body("provider.provider_prediction_id", equalTo(providerId))
                .body("provider.status", nullValue())
                .body("provider.error", equalTo("The provider did not answer: HTTP 500"))
                .body("events.size()", equalTo(3));
    }

    @Test
    void onlyAdminsReadATimelineAndAnUnknownIdIsNotFound() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        String path = "/v1/admin/predictions/" + id + "/timeline";

        given().get(path).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
        given().auth().oauth2(user.accessToken()).get(path).then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/forbidden"));
        given().auth().oauth2(admin.accessToken()).get(path).then().statusCode(200)
                .body("events[0].type", equalTo("prediction.requested"));

        String unknown = PredictionIds.next();
        given().auth().oauth2(admin.accessToken()).get("/v1/admin/predictions/" + unknown + "/timeline")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("detail", equalTo("No prediction has the id " + unknown + "."));
        given().auth().oauth2(admin.accessToken()).get("/v1/admin/predictions/not-an-id/timeline")
                .then().statusCode(404).body("type", equalTo("https://kiln.dev/problems/not-found"));
    }

    private void acceptsCreates(String marker, String providerId) {
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions")).atPriority(5)
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + providerId + "\",\"status\":\"starting\"}")));
    }
}
