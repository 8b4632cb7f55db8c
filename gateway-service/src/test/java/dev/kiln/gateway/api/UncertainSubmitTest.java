package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Issue 8, hole 4: a submit whose prediction.requested Kafka did not confirm, although it may have written it, keeps
 * the prediction, and a retry with the same Idempotency-Key submits that same prediction rather than a second one.
 * The broker refuses for real: the run's prediction.requested topic (one replica) is made to ask for two in sync
 * (min.insync.replicas=2), so every send is retried until its delivery timeout, exactly as one whose answer was lost.
 * (The topic is the run's own, named by test-infrastructure's TestTopics, which prefixes every configured topic.)
 */
@QuarkusTest
@TestProfile(UncertainSubmitTest.UnconfirmedSends.class)
@Disabled("Issue 8, hole 4: the broker (Kafka 4.1, one node) still acknowledges acks=all sends after the topic is set to\n"
        + "min.insync.replicas=2, so no send becomes uncertain and the 503-with-Location path is not reached; another way to\n"
        + "make a send unconfirmed for real is needed (see the issue note)")
class UncertainSubmitTest {

    static String bootstrapServers() {
        String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return configured == null || configured.isBlank() ? "localhost:9092" : configured;
    }

    static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public static class UnconfirmedSends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.prediction-requested-publish.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.prediction-requested-publish.delivery.timeout.ms", "2000");
        }
    }

    static String topic() {
        return ConfigProvider.getConfig().getValue("mp.messaging.outgoing.prediction-requested-publish.topic",
                String.class);
    }

    static void requireInSync(int replicas) throws Exception {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic()),
                    List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", String.valueOf(replicas)),
                            AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void restoreTopic() throws Exception {
        requireInSync(1);
    }

    private static io.restassured.response.ValidatableResponse submit(String key, String marker) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions").then();
    }

    @Test
    void aRetryWithTheSameKeySubmitsTheSamePredictionOnceKafkaConfirms() throws Exception {
        String key = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();
        requireInSync(2);
        // The broker takes the setting within moments: until then a submit is simply accepted (another key each).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> submit(UUID.randomUUID().toString(), marker).extract().statusCode() == 503);

        String location = submit(key, marker).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://kiln.dev/problems/service-unavailable"))
                .body("detail", containsString("may have been accepted"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        // The prediction stays visible: it may run.
        given().get("/v1/predictions/" + id).then().statusCode(200).body("status", equalTo("starting"));
        // Still unconfirmed: the retry works on the same prediction.
        submit(key, marker).statusCode(503).header("Location", location);

        requireInSync(1);
        // The broker takes the new setting within moments; the client retries with the same key meanwhile.
        String accepted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> submit(key, marker).extract().response(), answer -> answer.statusCode() == 202)
                .path("id");
        assertEquals(id, accepted, "the retry submitted the first prediction, not a second one");
        submit(key, marker).statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(id));
    }
}
