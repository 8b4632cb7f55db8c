package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaForwarder;
import dev.kiln.testing.KafkaForwarderResource;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 8, hole 4: a submit whose prediction.requested the broker wrote but never confirmed keeps the prediction, and
 * a retry with the same Idempotency-Key submits that same prediction rather than a second one. The gateway's producer
 * of prediction.requested talks to the broker through a {@link KafkaForwarder} (the broker's FORWARDED listener); the
 * test makes it drop the broker's answers, so the produce request reaches the broker, which writes the record, and the
 * acknowledgement never reaches the gateway: its send expires at the channel's delivery timeout, as one whose answer
 * was lost does. The timeouts are application.properties' own.
 */
@QuarkusTest
@TestProfile(UncertainSubmitTest.ThroughTheForwarder.class)
class UncertainSubmitTest {

    private static final String CHANNEL = "prediction-requested-publish";

    public static class ThroughTheForwarder implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaForwarderResource.class, Map.of("channel", CHANNEL)));
        }
    }

    @AfterEach
    void passAnswers() {
        KafkaForwarderResource.forwarder().passAnswers();
    }

    private static ValidatableResponse submit(String key, String marker) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions").then();
    }

    @Test
    void keepsThePredictionWhoseSendWasWrittenButNotConfirmedAndARetrySubmitsItOnce() {
        KafkaForwarder forwarder = KafkaForwarderResource.forwarder();
        long deliveryTimeout = ConfigProvider.getConfig()
                .getValue("mp.messaging.outgoing." + CHANNEL + ".delivery.timeout.ms", Long.class);
        String marker = UUID.randomUUID().toString();
        try (KafkaProbe probe = new KafkaProbe(KafkaResource.bootstrapServers()).listen("prediction.requested")) {
            // The producer is connected through the forwarder: a submit is accepted while answers pass.
            submit(UUID.randomUUID().toString(), UUID.randomUUID().toString()).statusCode(202);
            assertTrue(forwarder.connections() > 0, "the gateway's producer talks to the broker through the forwarder");

            forwarder.dropAnswers();
            String key = UUID.randomUUID().toString();
            String location = submit(key, marker).statusCode(503)
                    // Given up at the delivery timeout (10 s), not the client's default 120 s; the margin is for a
                    // loaded machine.
                    .time(both(greaterThanOrEqualTo(deliveryTimeout)).and(lessThan(deliveryTimeout + 10_000)))
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("type", equalTo("https://kiln.dev/problems/service-unavailable"))
                    .body("detail", containsString("may have been accepted"))
                    .extract().header("Location");
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertTrue(forwarder.droppedBytes() > 0, "the broker answered, and the answer was dropped");

            // The broker wrote it: the prediction may run, so it stays visible.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertEquals(1, probe.eventsFor(id).size(), "prediction.requested on the topic"));
            given().get(location).then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("starting"));

            forwarder.passAnswers();
            // The same request with the same key submits that prediction again, and is accepted once Kafka confirms.
            String accepted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> submit(key, marker).extract().response(), answer -> answer.statusCode() == 202)
                    .path("id");
            assertEquals(id, accepted, "the retry submitted the first prediction, not a second one");
            submit(key, marker).statusCode(202).header("Idempotent-Replayed", "true")
                    .header("Location", endsWith("/v1/predictions/" + id)).body("id", equalTo(id));

            // Both sends carry that one prediction (every consumer takes it once); no second one was created.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(id, id),
                    probe.eventsOfTopic("prediction.requested").stream()
                            .filter(event -> event.json().contains(marker)).map(KafkaProbe.Event::key).toList(),
                    "the keys of the records with this request: the unconfirmed send's and the retry's"));
        }
    }
}
