package dev.kiln.gateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The races of issue 8 around the provider's create: a create whose answer is lost (hole 2), and a cancel that comes
 * while the create runs (hole 3). WireMock stands in for the provider; its read timeout is short in tests.
 */
@QuarkusTest
class DispatchRacesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
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

    private static void reserve(String id) {
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Instant.now()));
    }

    private static String providerId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26).toLowerCase(Locale.ROOT);
    }

    private int createsFor(String marker) {
        return provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker))).size();
    }

    private static String dispatchedProviderId(String id) throws Exception {
        return JSON.readTree(kafka.first(id, "prediction.dispatched").orElseThrow().json())
                .path("provider_prediction_id").asText();
    }

    /** Hole 2: the create reached the provider and made a job, but its answer came after our read timeout. */
    @Test
    void aCreateWhoseAnswerIsLostIsFoundAtTheProviderAndAdoptedNotRepeated() throws Exception {
        String marker = UUID.randomUUID().toString();
        String made = providerId();
        String stray = providerId();
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withFixedDelay(8000)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + made + "\",\"status\":\"starting\"}")));
        String id = Predictions.submit(marker);
        // The provider's list holds the job the lost create made, and an older one that carries the same prediction
        // (a stray): the gateway adopts the first and cancels the second.
        String webhook = "http://localhost:8081/v1/webhooks/replicate?prediction_id=" + id + "&attempt=1";
        provider.stubFor(get(urlPathEqualTo("/v1/predictions")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"next":null,"previous":null,"results":[
                                 {"id":"%s","status":"starting","webhook":"%s","created_at":"%s"},
                                 {"id":"%s","status":"processing","webhook":"%s","created_at":"%s"},
                                 {"id":"someoneelse0000000000000aa","status":"starting",
                                  "webhook":"http://localhost:8081/v1/webhooks/replicate?prediction_id=%s0&attempt=1",
                                  "created_at":"%s"}]}""".formatted(made, webhook, Instant.now(), stray, webhook,
                                Instant.now().minusSeconds(1), id, Instant.now().minusSeconds(2)))));

        reserve(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        assertEquals(made, dispatchedProviderId(id), "the job the lost create made is ours");
        assertEquals(1, createsFor(marker), "one create, never repeated blindly");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1,
                provider.findAll(postRequestedFor(urlPathEqualTo("/v1/predictions/" + stray + "/cancel"))).size()));
        assertEquals(0, provider.findAll(postRequestedFor(urlPathEqualTo("/v1/predictions/" + made + "/cancel")))
                .size());
    }

    /** Hole 3: the user cancels while the create runs, and the provider's cancel fails for a while. */
    @Test
    void aCancelDuringTheCreateEndsItForCreditsAndCancelsTheJobUntilTheProviderAnswers() throws Exception {
        String marker = UUID.randomUUID().toString();
        String made = providerId();
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withFixedDelay(1500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + made + "\",\"status\":\"starting\"}")));
        // The provider's cancel fails six times, more than one call's tries, then succeeds.
        String cancel = "/v1/predictions/" + made + "/cancel";
        for (int failure = 0; failure < 6; failure++) {
            provider.stubFor(post(urlPathEqualTo(cancel)).inScenario(made)
                    .whenScenarioStateIs(failure == 0 ? Scenario.STARTED : "failed " + failure)
                    .willReturn(aResponse().withStatus(500)).willSetStateTo("failed " + (failure + 1)));
        }
        provider.stubFor(post(urlPathEqualTo(cancel)).inScenario(made).whenScenarioStateIs("failed 6")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + made + "\",\"status\":\"canceled\"}")));
        String id = Predictions.submitAsSweptCaller(marker); // the provider cancel is sent again by the sweep
        reserve(id);
        await().atMost(Duration.ofSeconds(15)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> Dispatch.findByPrediction(id).map(dispatch -> dispatch.state))
                .filter(state -> state == Dispatch.State.CREATING).isPresent());

        given().post("/v1/predictions/" + id + "/cancel").then().statusCode(202).body("status", equalTo("canceled"));

        // Credits hears of it from the gateway, so that it refunds even if the job's success came first.
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(id).stream()
                .anyMatch(event -> event.type().equals("prediction.completed") && event.json().contains("canceled")));
        // The job the create made is canceled at the provider, through every failure, until the provider answers.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(7,
                provider.findAll(postRequestedFor(urlPathEqualTo(cancel))).size()));
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        assertEquals(made, dispatchedProviderId(id));
        assertEquals("canceled", Predictions.status(id));
        assertTrue(kafka.eventsFor(id).stream().noneMatch(event -> event.type().equals("prediction.completed")
                && !event.json().contains("canceled")), "no other outcome");
    }
}
