package dev.kiln.gateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class DispatchTest {

    static KafkaProbe kafka;

    @InjectProvider
    WireMockServer provider;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.dispatched", "prediction.completed");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @BeforeEach
    void providerAcceptsEveryCreate() {
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"{{randomValue length=26 type='ALPHANUMERIC' lowercase=true}}\","
                                + "\"status\":\"starting\"}")
                        .withTransformers("response-template")));
        provider.stubFor(post(urlPathMatching("/v1/predictions/[a-z0-9]+/cancel"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"x\",\"status\":\"canceled\"}")));
    }

    private static void reserve(String id) {
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));
    }

    private int createsFor(String marker) {
        return provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker))).size();
    }

    @Test
    void createsTheProviderPredictionWithOurWebhookAndAnnouncesIt() throws Exception {
        String marker = UUID.randomUUID().toString();
        String id = Predictions.submit(marker);

        reserve(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        var create = provider.findAll(postRequestedFor(urlPathEqualTo("/v1/models/kiln/jersey-speed/predictions"))
                .withRequestBody(containing(marker))).get(0);
        var body = new ObjectMapper().readTree(create.getBodyAsString());
        assertEquals("http://localhost:8081/v1/webhooks/replicate?prediction_id=" + id + "&attempt=1",
                body.path("webhook").asText());
        assertEquals("[\"start\",\"output\",\"logs\",\"completed\"]", body.path("webhook_events_filter").toString(),
                "every webhook, so that logs and progress show while the prediction runs (issue 10)");
        assertEquals("Bearer kiln-local-token", create.getHeader("Authorization"));

        var dispatched = kafka.first(id, "prediction.dispatched").orElseThrow();
        AsyncApiContract.load().assertValid("prediction.dispatched", "prediction.dispatched", dispatched.json());
        assertEquals(1, new ObjectMapper().readTree(dispatched.json()).path("attempt").asInt());
    }

    @Test
    void neverCreatesASecondProviderPredictionForARedeliveredReservation() {
        String marker = UUID.randomUUID().toString();
        String id = Predictions.submit(marker);

        reserve(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.count(id, "prediction.dispatched") == 1);
        reserve(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.count(id, "prediction.dispatched") == 2);
        reserve(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.count(id, "prediction.dispatched") == 3);
        assertEquals(1, createsFor(marker));
        var ids = kafka.eventsFor(id).stream().filter(event -> event.type().equals("prediction.dispatched"))
                .map(event -> event.json().replaceAll(".*\"provider_prediction_id\":\"([^\"]+)\".*", "$1"))
                .distinct().count();
        assertEquals(1, ids, "every announcement names the same provider prediction");
    }

    @Test
    void retriesAProviderThatAsksToSlowDownAndHonoursRetryAfter() {
        String marker = UUID.randomUUID().toString();
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker))
                .inScenario(marker).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("second"));
        String id = Predictions.submit(marker);

        reserve(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        var tries = provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker)));
        assertEquals(2, tries.size());
        long waited = tries.get(1).getLoggedDate().getTime() - tries.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 900, "waited " + waited + " ms for Retry-After: 1");
    }

    @Test
    void failsWithProviderUnavailableWhenEveryCreateFailsAndTellsCredits() throws Exception {
        String marker = UUID.randomUUID().toString();
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker)).willReturn(aResponse().withStatus(500)));
        String id = Predictions.submit(marker);

        reserve(id);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error_code", equalTo("provider_unavailable")));
        assertEquals(4, createsFor(marker), "the configured number of tries");
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.completed").isPresent());
        var completed = kafka.first(id, "prediction.completed").orElseThrow();
        AsyncApiContract.load().assertValid("prediction.completed", "prediction.completed", completed.json());
        assertEquals("provider_unavailable",
                new ObjectMapper().readTree(completed.json()).path("error").path("code").asText());
    }

    @Test
    void failsAtOnceWhenTheProviderRefusesTheJob() {
        String marker = UUID.randomUUID().toString();
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker)).willReturn(aResponse().withStatus(422)));
        String id = Predictions.submit(marker);

        reserve(id);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error_code", equalTo("provider_rejected")));
        assertEquals(1, createsFor(marker));
    }

    @Test
    void failsWithInsufficientCreditsWhenTheReservationIsRejected() {
        String id = Predictions.submit(UUID.randomUUID().toString());

        kafka.send("credits.reservations", id, "credits.rejected", """
                {"prediction_id":"%s","user_id":"alice","amount":4,"available":1,"reason":"insufficient_credits",
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + id)
                .then().body("status", equalTo("failed"))
                .body("error_code", equalTo("insufficient_credits"))
                .body("error", equalTo("This prediction costs 4 credits and 1 are available.")));
    }

    @Test
    void cancelsBeforeDispatchAtOnceAndNeverDispatchesLater() {
        String marker = UUID.randomUUID().toString();
        String id = Predictions.submit(marker);

        given().contentType("application/json").post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(202).body("status", equalTo("canceled"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.completed").isPresent());

        reserve(id); // the reservation arrives after the cancel: credits is told again, so that it refunds
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.count(id, "prediction.completed") == 2);
        assertEquals(0, createsFor(marker));
        given().post("/v1/predictions/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/already-terminal"));
    }

    @Test
    void cancelsAfterDispatchAtTheProviderAndTurnsCanceledWhenItSaysSo() throws Exception {
        String id = Predictions.submit(UUID.randomUUID().toString());
        reserve(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        String providerId = new ObjectMapper().readTree(kafka.first(id, "prediction.dispatched").orElseThrow().json())
                .path("provider_prediction_id").asText();

        given().post("/v1/predictions/" + id + "/cancel").then().statusCode(202).body("status", equalTo("starting"));
        provider.verify(1, postRequestedFor(urlPathEqualTo("/v1/predictions/" + providerId + "/cancel")));

        kafka.send("prediction.completed", id, "prediction.completed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"canceled",
                 "occurred_at":"%s"}""".formatted(id, providerId, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "canceled".equals(Predictions.status(id)));
    }
}
