package dev.kiln.gateway.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Issue 8, hole 5: a reservation that overtook its prediction is held and tried again until the prediction is known
 * (then dispatched), or until kiln.gateway.unknown-prediction-patience has passed (then dead-lettered).
 */
@QuarkusTest
class EarlyReservationTest {

    static KafkaProbe kafka;

    @InjectProvider
    WireMockServer provider;

    @Inject
    StatusStore statuses;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("credits.reservations.dlq");
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
    void dispatchesAReservationThatArrivedBeforeItsPrediction() {
        String marker = UUID.randomUUID().toString();
        String id = PredictionIds.next();

        reserve(id);
        // Unknown for 2 s: nothing is created meanwhile, and the reservation is not dropped either.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> createsFor(marker) == 0);
        statuses.put(Prediction.requested(id, "anonymous:127.0.0.1", "jersey", "speed",
                json.valueToTree(Map.of("prompt", "A kit " + marker)), 0, 5, null, null, Instant.now(), Instant.now().plus(Duration.ofMinutes(30))))
                .await().indefinitely();

        await().atMost(Duration.ofSeconds(15)).until(() -> createsFor(marker) == 1);
    }

    @Test
    void deadLettersAReservationWhosePredictionNeverAppears() {
        String id = PredictionIds.next();

        reserve(id);

        // kiln.gateway.unknown-prediction-patience is 10 s in tests; the retries are at most 2 s apart.
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.eventsFor(id).isEmpty());
        var deadLetter = kafka.eventsFor(id).get(0);
        assertEquals("credits.reserved", deadLetter.type(), "the original headers are kept");
        assertTrue(deadLetter.header("dead-letter-reason").contains("never existed"), deadLetter.headers().toString());
    }
}
