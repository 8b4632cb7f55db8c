package dev.kiln.gateway.clientwebhooks;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Client webhooks (issue 10): a caller's webhook receives the prediction object on the events of its filter, signed
 * with the caller's own secret, retried after a failure, redelivered on request, never again after a 410; the
 * delivery log shows all of it. The prediction is driven by the events the other services would publish.
 */
@QuarkusTest
class ClientWebhooksTest {

    static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    static final Duration DELIVERY = Duration.ofSeconds(15);
    static KafkaProbe kafka;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        kafka.close();
        receiver.close();
    }

    @Test
    void deliversOnlyTheFilteredEventsEachSignedWithTheOwnersSecret() {
        String token = KeycloakUsers.create("user").accessToken();
        String secret = secret(token);
        String url = receiver.url();
        String id = submit(token, url, "[\"start\",\"completed\"]").statusCode(202).extract().path("id");

        progressed(id, "step 1\\n");
        await().atMost(DELIVERY).until(() -> receiver.at(url).size() == 1);
        progressed(id, "step 2\\n"); // logs: not asked for
        completed(id);
        await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(token).get("/v1/predictions/" + id)
                .then().body("logs", equalTo("done\n")));
        stored(id);
        await().atMost(DELIVERY).until(() -> receiver.at(url).stream().anyMatch(r -> "succeeded".equals(r.status())));

        List<WebhookReceiver.Received> received = receiver.at(url);
        received.forEach(delivery -> delivery.verifiedWith(secret));
        assertEquals(List.of("processing", "succeeded"), received.stream().map(WebhookReceiver.Received::status)
                .toList(), "start and completed only: the logs changes were not asked for");
        assertEquals("source=kiln", received.get(0).query(), "the URL's query is kept");
        assertNotEquals(received.get(0).header("webhook-id"), received.get(1).header("webhook-id"));
        String now = given().auth().oauth2(token).get("/v1/predictions/" + id).then().statusCode(200)
                .extract().asString();
        assertEquals(now, received.get(1).body(), "the completed body is the prediction object as GET shows it");

        given().auth().oauth2(token).get("/v1/predictions/" + id + "/webhook-deliveries").then().statusCode(200)
                .body("prediction_id", equalTo(id))
                .body("deliveries.n", equalTo(List.of(1, 2)))
                .body("deliveries.event", equalTo(List.of("start", "completed")))
                .body("deliveries.state", equalTo(List.of("delivered", "delivered")))
                .body("deliveries.webhook_id", equalTo(List.of(received.get(0).header("webhook-id"),
                        received.get(1).header("webhook-id"))))
                .body("deliveries[1].attempts[0].attempt", equalTo(1))
                .body("deliveries[1].attempts[0].status_code", equalTo(204))
                .body("deliveries[1].next_attempt_at", equalTo(null));
    }

    @Test
    void withoutAFilterSendsWhatReplicateSendsByDefaultTheOutputAndTheEnd() {
        String token = KeycloakUsers.create("user").accessToken();
        String url = receiver.url();
        String id = submit(token, url, null).statusCode(202).extract().path("id");

        progressed(id, "step 1\\n");
        completed(id);
        await().atMost(DELIVERY).untilAsserted(() -> given().auth().oauth2(token).get("/v1/predictions/" + id)
                .then().body("logs", equalTo("done\n")));
        stored(id);
        await().atMost(DELIVERY).until(() -> receiver.at(url).size() == 1);

        WebhookReceiver.Received delivery = receiver.at(url).get(0).verifiedWith(secret(token));
        assertEquals("succeeded", delivery.status());
        given().auth().oauth2(token).get("/v1/predictions/" + id + "/webhook-deliveries").then()
                .body("deliveries.event", equalTo(List.of("completed")));
    }

    @Test
    void retriesAfterA500ThenDeliversAndRedeliversOnRequestWithTheSameWebhookId() {
        String token = KeycloakUsers.create("user").accessToken();
        String secret = secret(token);
        String url = receiver.url(500, 500);
        String id = submit(token, url, "[\"start\"]").statusCode(202).extract().path("id");

        progressed(id, "step 1\\n");
        await().atMost(DELIVERY).until(() -> receiver.at(url).size() == 3);

        List<WebhookReceiver.Received> received = receiver.at(url);
        received.forEach(delivery -> delivery.verifiedWith(secret));
        assertEquals(1, received.stream().map(r -> r.header("webhook-id")).distinct().count(),
                "every attempt of one message has the same webhook-id");
        assertTrue(Duration.between(received.get(0).at(), received.get(1).at()).toMillis() >= 900,
                "the retry waited for the schedule (1 s in tests)");
        await().atMost(DELIVERY).untilAsserted(() -> deliveries(token, id)
                .body("deliveries[0].state", equalTo("delivered"))
                .body("deliveries[0].attempts.attempt", equalTo(List.of(1, 2, 3)))
                .body("deliveries[0].attempts.status_code", equalTo(List.of(500, 500, 204)))
                .body("deliveries[0].attempts.error", equalTo(java.util.Arrays.asList("HTTP 500", "HTTP 500", null))));

        given().auth().oauth2(token).post("/v1/predictions/" + id + "/webhook-deliveries/1/redeliver")
                .then().statusCode(202).body("n", equalTo(1)).body("state", equalTo("pending"));
        await().atMost(DELIVERY).until(() -> receiver.at(url).size() == 4);
        WebhookReceiver.Received again = receiver.at(url).get(3).verifiedWith(secret);
        assertEquals(received.get(0).header("webhook-id"), again.header("webhook-id"));
        assertEquals(received.get(0).body(), again.body(), "a redelivery sends the same message");
        await().atMost(DELIVERY).untilAsserted(() -> deliveries(token, id)
                .body("deliveries[0].state", equalTo("delivered"))
                .body("deliveries[0].attempts.attempt", equalTo(List.of(1, 2, 3, 4))));

        for (String unknown : new String[] {"2", "0", "first"}) {
            given().auth().oauth2(token).post("/v1/predictions/" + id + "/webhook-deliveries/" + unknown
                    + "/redeliver").then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/not-found"))
                    .body("detail", containsString("webhook-deliveries lists them"));
        }
    }

    @Test
    void anEndpointThatAnswers410IsDisabledAndLaterMessagesAreNotSent() {
        String token = KeycloakUsers.create("user").accessToken();
        String url = receiver.url(410);
        String id = submit(token, url, "[\"start\",\"completed\"]").statusCode(202).extract().path("id");

        progressed(id, "step 1\\n");
        await().atMost(DELIVERY).untilAsserted(() -> deliveries(token, id)
                .body("deliveries[0].state", equalTo("disabled"))
                .body("deliveries[0].attempts.status_code", equalTo(List.of(410))));
        completed(id);
        stored(id);

        await().atMost(DELIVERY).untilAsserted(() -> deliveries(token, id)
                .body("deliveries.event", equalTo(List.of("start", "completed")))
                .body("deliveries[1].state", equalTo("disabled"))
                .body("deliveries[1].attempts", equalTo(List.of()))
                .body("deliveries[1].note", containsString("410 Gone")));
        assertEquals(1, receiver.at(url).size(), "nothing more was sent to the endpoint after its 410");
    }

    @Test
    void refusesAWebhookFromAnAnonymousCaller() {
        submit(null, receiver.url(), null).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", equalTo(List.of("webhook")))
                .body("errors[0].message", containsString("signed-in caller"));
    }

    @Test
    void refusesAnEventFilterWithAnUnknownEventAndAUrlThatIsNotHttp() {
        String token = KeycloakUsers.create("user").accessToken();
        submit(token, receiver.url(), "[\"start\",\"finished\"]").statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(startsWith("webhook_events_filter")))
                .body("errors.message", hasItem(equalTo("must be one of start, output, logs, completed")));
        submit(token, "ftp://example.com/hook", null).statusCode(422)
                .body("errors.field", equalTo(List.of("webhook")))
                .body("errors[0].message", containsString("absolute https URL"));
        submit(token, "/relative/hook", null).statusCode(422).body("errors.field", equalTo(List.of("webhook")));
    }

    @Test
    void theSigningSecretIsOnePerUserAndNeedsASignIn() {
        String token = KeycloakUsers.create("user").accessToken();
        String first = secret(token);
        assertTrue(first.startsWith("whsec_") && first.length() > 40, first);
        assertEquals(first, secret(token), "the same secret every time");
        assertNotEquals(first, secret(KeycloakUsers.create("user").accessToken()), "each user has their own");
        given().get("/v1/webhooks/default/secret").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
    }

    @Test
    void theDeliveryLogIsTheOwnersAsThePredictionIs() {
        String alice = KeycloakUsers.create("user").accessToken();
        String bob = KeycloakUsers.create("user").accessToken();
        String id = submit(alice, receiver.url(), null).statusCode(202).extract().path("id");

        deliveries(alice, id).body("deliveries", equalTo(List.of()));
        given().auth().oauth2(bob).get("/v1/predictions/" + id + "/webhook-deliveries").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(bob).post("/v1/predictions/" + id + "/webhook-deliveries/1/redeliver").then()
                .statusCode(403);
        given().get("/v1/predictions/" + id + "/webhook-deliveries").then().statusCode(401);
        given().auth().oauth2(alice).get("/v1/predictions/" + "a".repeat(26) + "/webhook-deliveries").then()
                .statusCode(404).body("type", equalTo("https://kiln.dev/problems/not-found"));
        String anonymous = Predictions.submit(UUID.randomUUID().toString());
        given().get("/v1/predictions/" + anonymous + "/webhook-deliveries").then().statusCode(200)
                .body("deliveries", equalTo(List.of()));
    }

    static ValidatableResponse submit(String token, String webhook, String filter) {
        String body = "{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + UUID.randomUUID()
                + "\"},\"webhook\":\"" + webhook + "\"" + (filter == null ? "" : ",\"webhook_events_filter\":" + filter)
                + "}";
        var request = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        return request.when().post("/v1/predictions").then();
    }

    static String secret(String token) {
        return given().auth().oauth2(token).get("/v1/webhooks/default/secret").then().statusCode(200)
                .extract().path("key");
    }

    static ValidatableResponse deliveries(String token, String id) {
        return given().auth().oauth2(token).get("/v1/predictions/" + id + "/webhook-deliveries").then()
                .statusCode(200);
    }

    static void publish(String topic, String type, String id, String json) {
        CONTRACT.assertValid(topic, type, json);
        kafka.send(topic, id, type, json);
    }

    static void progressed(String id, String logs) {
        publish("prediction.progressed", "prediction.progressed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"%s","started_at":"2026-11-28T10:00:01Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), logs, Instant.now()));
    }

    static void completed(String id) {
        publish("prediction.completed", "prediction.completed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"succeeded",
                 "output":["http://localhost:8090/files/p/0.png"],"error":null,"logs":"done\\n",
                 "metrics":{"predict_time":4.2,"total_time":4.9},"started_at":"2026-11-28T10:00:01Z",
                 "completed_at":"2026-11-28T10:00:05Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), Instant.now()));
    }

    static void stored(String id) {
        String url = "http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png";
        publish("prediction.stored", "prediction.stored", id, """
                {"prediction_id":"%s","objects":[{"index":0,"key":"predictions/%s/0.png","url":"%s",
                 "content_type":"image/png","size_bytes":1234,"sha256":"%s"}],"output":["%s"],"occurred_at":"%s"}"""
                .formatted(id, id, url, "a".repeat(64), url, Instant.now()));
    }
}
