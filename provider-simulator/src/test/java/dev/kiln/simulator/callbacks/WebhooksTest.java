package dev.kiln.simulator.callbacks;

import static dev.kiln.simulator.api.Simulator.authorized;
import static dev.kiln.simulator.api.Simulator.create;
import static dev.kiln.simulator.api.Simulator.jersey;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;

import dev.kiln.simulator.api.Simulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @AfterEach
    void resetFaults() {
        Simulator.resetFaults();
    }

    @Test
    void everyEventArrivesSignedVerifiablyAndInOrderWhenTheFilterAsksForAll() throws Exception {
        String url = receiver.url();
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("start", "output", "logs", "completed"))).extract().path("id");

        List<WebhookReceiver.Received> received = awaitCompleted(url);

        Webhook verifier = new Webhook(secret());
        for (WebhookReceiver.Received webhook : received) {
            verifier.verify(webhook.body(), webhook.headers());
            assertTrue(webhook.header("webhook-signature").startsWith("v1,"));
            assertEquals(id, JSON.readTree(webhook.body()).path("id").asText());
        }
        List<String> statuses = statuses(received);
        assertEquals("starting", statuses.get(0));
        assertEquals("succeeded", statuses.get(statuses.size() - 1));
        assertTrue(statuses.subList(1, statuses.size() - 1).stream().allMatch("processing"::equals), statuses.toString());
        assertEquals(5, received.size(), "start, two logs, output, completed: " + statuses);
        JsonNode output = JSON.readTree(received.get(received.size() - 2).body());
        assertEquals("processing", output.path("status").asText());
        assertTrue(output.path("output").get(0).asText().endsWith("/files/" + id + "/0.png"));
        assertEquals(received.size(), received.stream().map(r -> r.header("webhook-id")).distinct().count());
    }

    @Test
    void aRunReportsItsDenoisingStepsAsAProgressBarInItsLogsWebhooks() throws Exception {
        Simulator.faults(Map.of("time_scale", 0.6)); // about 3 s of processing: a step line every 500 ms or more
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("logs", "completed")));

        List<WebhookReceiver.Received> received = awaitCompleted(url);

        String logs = JSON.readTree(received.get(received.size() - 1).body()).path("logs").asText();
        List<String> bars = logs.lines().filter(line -> line.matches("\\s*\\d{1,3}%\\|[\u2588 ]{10}\\| \\d+/50")).toList();
        assertTrue(bars.size() >= 3, "a line per step, as tqdm prints them: " + logs);
        assertEquals("100%|\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588| 50/50", bars.get(bars.size() - 1));
        List<Integer> steps = bars.stream().map(line -> Integer.parseInt(line.replaceAll(".*\\| (\\d+)/50", "$1")))
                .toList();
        assertEquals(steps.stream().sorted().distinct().toList(), steps, "steps only go up: " + logs);
        long logsWebhooks = received.stream().filter(webhook -> webhook.body().contains("\"processing\"")).count();
        assertTrue(logsWebhooks >= 4, "a logs webhook per step line, and the first: " + logsWebhooks);
    }

    @Test
    void withoutAFilterOnlyOutputAndCompletedAreSent() throws Exception {
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("modern"), "webhook", url))
                .body("webhook_events_filter", equalTo(List.of("output", "completed")));

        List<WebhookReceiver.Received> received = awaitCompleted(url);

        assertEquals(List.of("processing", "succeeded"), statuses(received));
    }

    @Test
    void aCompletedOnlyFilterSendsOneWebhook() throws Exception {
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("retro"), "webhook", url,
                "webhook_events_filter", List.of("completed")));

        assertEquals(List.of("succeeded"), statuses(awaitCompleted(url)));
    }

    @Test
    void cancelingMidRunSendsACompletedWebhookWithCanceled() throws Exception {
        Simulator.faults(Map.of("time_scale", 0.5));
        String url = receiver.url();
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url)).extract().path("id");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> Simulator.get(id).body("status", equalTo("processing")));

        authorized().contentType(ContentType.JSON).body("").post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("canceled"));

        List<WebhookReceiver.Received> received = awaitCompleted(url);
        assertEquals(List.of("canceled"), statuses(received));
        assertTrue(JSON.readTree(received.get(0).body()).path("output").isNull());
    }

    @Test
    void aFailedJobSendsACompletedWebhookWithTheError() throws Exception {
        Simulator.faults(Map.of("failure_rate", 1.0));
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url));

        List<WebhookReceiver.Received> received = awaitCompleted(url);
        JsonNode completed = JSON.readTree(received.get(received.size() - 1).body());
        assertEquals("failed", completed.path("status").asText());
        assertEquals("Simulated failure: the model crashed (failure_rate 1.0)", completed.path("error").asText());
    }

    @Test
    void duplicatedWebhooksArriveTwiceWithTheSameWebhookId() throws Exception {
        Simulator.faults(Map.of("duplicate_webhooks", 1.0));
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("completed")));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at(url).size() == 2);
        List<WebhookReceiver.Received> received = receiver.at(url);
        assertEquals(received.get(0).header("webhook-id"), received.get(1).header("webhook-id"));
        assertEquals(received.get(0).body(), received.get(1).body());
    }

    @Test
    void reorderedWebhooksDeliverCompletedBeforeTheProcessingOne() throws Exception {
        Simulator.faults(Map.of("reorder_webhooks", true));
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at(url).size() == 2);
        assertEquals(List.of("succeeded", "processing"), statuses(receiver.at(url)));
    }

    @Test
    void aReorderShareReordersSomePredictionsAndLeavesTheOthersInOrder() throws Exception {
        Simulator.faults(Map.of("reorder_webhooks", 0.5, "seed", 11));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String url = receiver.url();
            urls.add(url);
            create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> urls.stream().allMatch(url -> receiver.at(url).size() == 2));
        List<List<String>> orders = new ArrayList<>();
        for (String url : urls) {
            orders.add(statuses(receiver.at(url)));
        }
        long reordered = orders.stream().filter(List.of("succeeded", "processing")::equals).count();
        long inOrder = orders.stream().filter(List.of("processing", "succeeded")::equals).count();
        assertEquals(16, reordered + inOrder, orders.toString());
        assertTrue(reordered >= 2 && inOrder >= 2, "a share of 0.5 reorders some, not all: " + orders);
    }

    @Test
    void aReorderedPredictionWithoutCompletedInItsFilterStillSendsEveryWebhook() {
        Simulator.faults(Map.of("reorder_webhooks", 1.0));
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("output")));

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at(url).size() == 1);
    }

    @Test
    void droppedWebhooksAreNeverSentButShowInTheDeliveryLog() {
        Simulator.faults(Map.of("drop_webhooks", 1.0));
        String url = receiver.url();
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url)).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> authorized().get("/_sim/predictions/" + id + "/deliveries")
                .then().statusCode(200)
                .body("event", equalTo(List.of("output", "completed")))
                .body("outcome", equalTo(List.of("dropped", "dropped"))));
        assertEquals(0, receiver.at(url).size());
    }

    @Test
    void aReceiverAnswering503TwiceGetsThreeAttemptsOfTheSameWebhook() {
        String url = receiver.url(503, 503);
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("completed"))).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at(url).size() == 3);
        assertEquals(1, receiver.at(url).stream().map(r -> r.header("webhook-id")).distinct().count());
        authorized().get("/_sim/predictions/" + id + "/deliveries").then().statusCode(200)
                .body("attempt", equalTo(List.of(1, 2, 3)))
                .body("status_code", equalTo(List.of(503, 503, 200)))
                .body("outcome", equalTo(List.of("retrying", "retrying", "delivered")));
    }

    @Test
    void aReceiverAnswering400IsNotRetried() {
        String url = receiver.url(400);
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("completed"))).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> authorized().get("/_sim/predictions/" + id + "/deliveries")
                .then().body("outcome", equalTo(List.of("failed"))).body("status_code", equalTo(List.of(400))));
        assertEquals(1, receiver.at(url).size());
    }

    private static List<WebhookReceiver.Received> awaitCompleted(String url) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.at(url).stream()
                .anyMatch(r -> r.body().matches(".*\"status\":\"(succeeded|failed|canceled)\".*")));
        return receiver.at(url);
    }

    private static List<String> statuses(List<WebhookReceiver.Received> received) {
        return received.stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("status").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String secret() {
        return authorized().get("/v1/webhooks/default/secret").then().statusCode(200).extract().path("key");
    }
}
