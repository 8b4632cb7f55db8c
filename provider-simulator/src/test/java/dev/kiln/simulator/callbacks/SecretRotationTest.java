package dev.kiln.simulator.callbacks;

import static dev.kiln.simulator.api.Simulator.authorized;
import static dev.kiln.simulator.api.Simulator.create;
import static dev.kiln.simulator.api.Simulator.jersey;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;

import io.quarkus.test.junit.QuarkusTest;

/** POST /_sim/webhook-secret/rotate: the provider rotates its secret, and signs every webhook with the new one. */
@QuarkusTest
class SecretRotationTest {

    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void rotatingTheSecretHandsOutTheNewOneAndSignsLaterWebhooksWithItOnly() throws Exception {
        String before = secret();

        String rotated = authorized().post("/_sim/webhook-secret/rotate").then().statusCode(200)
                .body("key", not(equalTo(before))).extract().path("key");

        authorized().get("/v1/webhooks/default/secret").then().statusCode(200).body("key", equalTo(rotated));
        String url = receiver.url();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"), "webhook", url,
                "webhook_events_filter", List.of("completed")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.at(url).isEmpty());
        WebhookReceiver.Received webhook = receiver.at(url).get(0);
        new Webhook(rotated).verify(webhook.body(), webhook.headers());
        assertThrows(WebhookVerificationException.class, () -> new Webhook(before).verify(webhook.body(),
                webhook.headers()));
    }

    @Test
    void rotatingNeedsTheToken() {
        String before = secret();

        given().post("/_sim/webhook-secret/rotate").then().statusCode(401);

        authorized().get("/v1/webhooks/default/secret").then().body("key", equalTo(before));
    }

    private static String secret() {
        return authorized().get("/v1/webhooks/default/secret").then().statusCode(200).extract().path("key");
    }
}
