package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;

/**
 * The whole pipeline on the running stack: gateway → credits → simulator → webhook → storage → gateway, with the
 * simulator's clock sped up and its faults switched on per test. Each test submits as a user of its own (signed in
 * at the local Keycloak, 10 welcome credits), so that what it pays and gets back can be checked exactly.
 */
class PredictionPipelineTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    /** A speed jersey's cost in the catalog, and the welcome grant of a new user (configuration of both). */
    private static final int SPEED_COST = 1;
    private static final int WELCOME = 10;
    private static KafkaProbe kafka;
    private Users.User user;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(Stack.kafkaBootstrapServers())
                .listen("prediction.dispatched", "prediction.completed", "prediction.stored", "credits.settlements");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @BeforeEach
    void fastSimulatorAndANewUser() {
        Simulator.reset();
        Simulator.faults(Simulator.FAST);
        user = Users.create();
    }

    @AfterEach
    void resetSimulator() {
        Simulator.reset();
    }

    /**
     * Credits settles on its own consumer, so the ledger may follow the status by a moment. Each movement is
     * "kind amount": what was reserved, and then confirmed or refunded, exactly.
     */
    private static void awaitLedger(String id, String... movements) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Ledger.movementsOf(id), equalTo(List.of(movements)));
    }

    /** The user's balance once every reservation settled: the welcome grant less what succeeded jobs cost. */
    private void assertBalance(long available) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var balance = Credits.balance(user);
            assertEquals(available, balance.getLong("available"), balance.prettify());
            assertEquals(0, balance.getLong("reserved"), balance.prettify());
        });
    }

    /** The speed jersey's cost reserved, then confirmed: the user has paid for it, and for nothing else. */
    private void assertCharged(String id) {
        awaitLedger(id, "reserve 1", "confirm 1");
        assertBalance(WELCOME - SPEED_COST);
    }

    /** The speed jersey's cost reserved, then refunded: the user has paid nothing. */
    private void assertRefunded(String id) {
        awaitLedger(id, "reserve 1", "refund 1");
        assertBalance(WELCOME);
    }

    /** Under the simulator's faults, a submit ends failed with the error code, and the user pays nothing. */
    private void assertFailsAndIsRefunded(String faults, String prompt, String errorCode) {
        Simulator.faults(faults);
        String id = Gateway.submit(user, prompt);

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);

        assertEquals("failed", prediction.getString("status"));
        assertEquals(errorCode, prediction.getString("error_code"));
        assertRefunded(id);
    }

    @Test
    void succeedsAndServesAPngOfAtLeast512PixelsFromOurOwnBucket() throws Exception {
        String id = Gateway.submit(user, "A bold home kit");

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);

        assertEquals("succeeded", prediction.getString("status"), prediction.prettify());
        List<String> output = prediction.getList("output");
        assertEquals(1, output.size());
        assertEquals(Stack.s3Endpoint() + "/kiln-outputs/predictions/" + id + "/0.png", output.get(0),
                "the URL is our bucket's, never the provider's");
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(output.get(0))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, image.statusCode());
        assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
        var png = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertTrue(png.getWidth() >= 512 && png.getHeight() >= 512, png.getWidth() + "x" + png.getHeight());
        assertCharged(id);
        assertTrue(prediction.getFloat("metrics.predict_time") > 0);
        AsyncApiContract contract = AsyncApiContract.load();
        kafka.eventsFor(id).forEach(event -> contract.assertValid(event.topic(), event.type(), event.json()));
    }

    /** Issue 11: an operator's timeline of a finished prediction shows what every service did, in order. */
    @Test
    void aFinishedPredictionsTimelineListsWhatEveryServiceDidInOrder() {
        String id = Gateway.submit(user, "A kit to follow");
        var prediction = Gateway.awaitTerminal(user, id, WITHIN);
        assertEquals("succeeded", prediction.getString("status"), prediction.prettify());
        String admin = Users.admin();

        // Credits settles on its own consumer, a moment after the status.
        var timeline = await().atMost(Duration.ofSeconds(10)).until(() -> given().baseUri(Gateway.url())
                .header("Authorization", "Bearer " + admin)
                .get("/v1/admin/predictions/" + id + "/timeline").then().statusCode(200).extract().jsonPath(),
                read -> "confirmed".equals(read.getString("settlement.outcome")));

        List<String> types = timeline.getList("events.type");
        List<String> chain = List.of("prediction.requested", "credits.reserved", "prediction.dispatched",
                "prediction.completed");
        assertEquals(chain, types.stream().filter(chain::contains).toList(), timeline.prettify());
        // Storage and credits both consume prediction.completed, each on its own: either may come first.
        for (String after : List.of("prediction.stored", "credits.confirmed")) {
            assertTrue(types.indexOf(after) > types.indexOf("prediction.completed"), after + ": " + timeline.prettify());
        }
        assertEquals(List.of("credits-service", "gateway-service", "storage-service", "webhook-service"),
                timeline.getList("events.service", String.class).stream().distinct().sorted().toList());
        assertEquals(SPEED_COST, timeline.getInt("settlement.amount"));
        assertEquals(prediction.getList("output"), timeline.getList("stored_objects.url"));
        assertEquals(true, timeline.getBoolean("status_store.present"));
        assertTrue(timeline.getLong("status_store.ttl_seconds") > 0, timeline.prettify());
        assertEquals("succeeded", timeline.getString("durable_record.prediction.status"));
        assertNull(timeline.get("provider"), "no provider view once finished");
    }

    @Test
    void aJobThatFailsAtTheProviderFailsAndIsRefunded() {
        assertFailsAndIsRefunded("{\"failure_rate\":1.0}", "A kit that will not render", "prediction_failed");
    }

    @Test
    void aCancelMidRunEndsCanceledAndIsRefunded() {
        Simulator.faults("{\"time_scale\":2.0}"); // ten seconds: long enough to cancel while it runs
        String id = Gateway.submit(user, "A kit to cancel");
        Gateway.awaitStatus(user, id, "processing", WITHIN);

        Gateway.cancel(user, id).then().statusCode(202);

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);
        assertEquals("canceled", prediction.getString("status"));
        assertRefunded(id);
        Gateway.cancel(user, id).then().statusCode(409);
    }

    @Test
    void aProviderThatAnswers500ToEveryCreateFailsThePredictionWithAClearCodeAndRefunds() {
        assertFailsAndIsRefunded("{\"create_failure_status\":500,\"create_failure_rate\":1.0}",
                "A kit nobody can make", "provider_unavailable");
    }

    @Test
    void duplicatedWebhooksLeaveOneOutcomeAndOneSettlement() {
        Simulator.faults("{\"time_scale\":0.2,\"duplicate_webhooks\":1.0}");
        String id = Gateway.submit(user, "A kit announced twice");

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);

        assertEquals("succeeded", prediction.getString("status"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.count(id, "credits.confirmed") == 1);
        assertEquals(List.of("reserve 1", "confirm 1"), Ledger.movementsOf(id));
        assertEquals(1, kafka.count(id, "prediction.completed"), "the replayed webhook-id was dropped");
    }

    @Test
    void aCompletedWebhookBeforeItsProcessingOneLeavesOneCorrectOutcome() {
        Simulator.faults("{\"time_scale\":0.2,\"reorder_webhooks\":true}");
        String id = Gateway.submit(user, "A kit reported out of order");

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);

        assertEquals("succeeded", prediction.getString("status"));
        assertCharged(id);
        assertEquals(Stack.s3Endpoint() + "/kiln-outputs/predictions/" + id + "/0.png",
                prediction.getList("output").get(0));
    }

    @Test
    void aForgedWebhookIsRefusedWith401AndPublishesNothing() throws Exception {
        Simulator.faults("{\"time_scale\":1.0}");
        String id = Gateway.submit(user, "A kit someone tries to fake");
        await().atMost(WITHIN).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        String providerId = new ObjectMapper().readTree(kafka.first(id, "prediction.dispatched").orElseThrow().json())
                .path("provider_prediction_id").asText();
        String forged = "{\"id\":\"" + providerId + "\",\"status\":\"succeeded\","
                + "\"output\":[\"https://evil.example/steal.png\"]}";

        given().baseUri(Stack.serviceUrl("webhook-service", 8081))
                .contentType("application/json")
                .header("webhook-id", "msg_" + UUID.randomUUID())
                .header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("webhook-signature", "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiBub2JvZHk=")
                .body(forged)
                .when().post("/v1/webhooks/replicate?prediction_id=" + id + "&attempt=1")
                .then().statusCode(401).contentType("application/problem+json");

        var prediction = Gateway.awaitTerminal(user, id, WITHIN);
        assertEquals("succeeded", prediction.getString("status"));
        assertTrue(kafka.eventsFor(id).stream().noneMatch(event -> event.json().contains("evil.example")),
                "nothing of the forged webhook reached Kafka");
        assertEquals(1, kafka.count(id, "prediction.completed"));
    }
}
