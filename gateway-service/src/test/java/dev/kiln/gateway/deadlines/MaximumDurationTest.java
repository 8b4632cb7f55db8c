package dev.kiln.gateway.deadlines;

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

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The global maximum, shortened to six seconds (time enough to dispatch and start one): it ends every prediction, with or without a Cancel-After. */
@QuarkusTest
@TestProfile(MaximumDurationTest.SixSecondMaximum.class)
class MaximumDurationTest {

    public static class SixSecondMaximum implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.gateway.deadlines.maximum", "6s");
        }
    }

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

    @Test
    void abortsWithTimedOutAPredictionThatDidNotStartWithinTheMaximum() {
        String id = Predictions.submitAsSweptCaller(UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("aborted")).body("error_code", equalTo("timed_out")));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.completed").isPresent());
    }

    @Test
    void failsWithTimedOutAPredictionRunningPastTheMaximumAndCancelsItsJob() throws Exception {
        String marker = UUID.randomUUID().toString();
        String job = UUID.randomUUID().toString().replace("-", "").substring(0, 26).toLowerCase(Locale.ROOT);
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + job + "\",\"status\":\"starting\"}")));
        provider.stubFor(post(urlPathEqualTo("/v1/predictions/" + job + "/cancel")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + job + "\",\"status\":\"canceled\"}")));
        String id = Predictions.submitAsSweptCaller(marker);
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:%s","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, Predictions.SWEPT_CLIENT, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        kafka.send("prediction.progressed", id, "prediction.progressed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"processing",
                 "started_at":"%s","occurred_at":"%s"}""".formatted(id, job, Instant.now(), Instant.now()));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("failed")).body("error_code", equalTo("timed_out")));
        await().atMost(Duration.ofSeconds(10)).until(() -> provider.findAll(
                postRequestedFor(urlPathEqualTo("/v1/predictions/" + job + "/cancel"))).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.completed").isPresent());
        var completed = kafka.first(id, "prediction.completed").orElseThrow();
        AsyncApiContract.load().assertValid("prediction.completed", "prediction.completed", completed.json());
        var json = new ObjectMapper().readTree(completed.json());
        assertEquals("failed", json.path("status").asText());
        assertEquals("timed_out", json.path("error").path("code").asText());
    }
}
