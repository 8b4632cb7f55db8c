package dev.kiln.webhook.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.Signing;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A webhook changes nothing unless its Standard Webhooks signature is valid and its timestamp fresh. Every prediction
 * here is dispatched first, so that a webhook that passed would publish: "nothing published" is then meaningful.
 */
@QuarkusTest
class WebhookVerificationTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @ConfigProperty(name = ProviderApiStub.PREVIOUS_SECRET_PROPERTY)
    String previousSecret;

    @ConfigProperty(name = ProviderApiStub.FETCHED_SECRET_PROPERTY)
    String fetchedSecret;

    @TestHTTPResource("/v1/webhooks/replicate")
    URI intake;

    @Inject
    DispatchStore store;

    private KafkaProbe kafka;
    private String predictionId;
    private String providerPredictionId;

    @BeforeEach
    void dispatchAPrediction() {
        kafka = new KafkaProbe(bootstrapServers)
                .listen(Channels.PREDICTION_COMPLETED_TOPIC, Channels.PREDICTION_PROGRESSED_TOPIC);
        predictionId = Ids.newId();
        providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);
    }

    @AfterEach
    void closeTheProbe() {
        kafka.close();
    }

    @Test
    void rejectsAForgedSignatureWith401AndPublishesNothing() {
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .signedWith(Signing.newSecret())
                .post()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-signature"))
                .body("status", equalTo(401))
                .body("detail", equalTo("No matching signature found"));

        assertNothingPublished();
    }

    @Test
    void rejectsABodyChangedAfterSigning() {
        String webhookId = Signing.newWebhookId();
        Instant sentAt = Instant.now();
        String signed = Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .id(webhookId).at(sentAt).signatureOf(secret);
        String tampered = ReplicateBodies.succeeded(providerPredictionId).put("status", "failed").toString();

        Delivery.of(tampered).id(webhookId).at(sentAt).signature(signed).post()
                .statusCode(401)
                .body("detail", equalTo("No matching signature found"));

        assertNothingPublished();
    }

    @Test
    void rejectsAWebhookWithoutSignatureHeaders() {
        given()
                .contentType("application/json")
                .body(ReplicateBodies.succeeded(providerPredictionId).toString())
                .when().post("/v1/webhooks/replicate")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("Missing required headers"));

        assertNothingPublished();
    }

    @Test
    void rejectsATimestampMoreThanFiveMinutesInThePast() {
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .at(Instant.now().minusSeconds(301))
                .signedWith(secret)
                .post()
                .statusCode(401)
                .body("detail", equalTo("Message timestamp too old"));

        assertNothingPublished();
    }

    @Test
    void rejectsATimestampMoreThanFiveMinutesInTheFuture() {
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                // 330, not 301: the header carries whole seconds (the fraction is cut) and the tolerance is counted
                // when the request is verified, so 301 s ahead could arrive as 300 s ahead, which passes.
                .at(Instant.now().plusSeconds(330))
                .signedWith(secret)
                .post()
                .statusCode(401)
                .body("detail", equalTo("Message timestamp too new"));

        assertNothingPublished();
    }

    @Test
    void acceptsAWebhookWhoseSecondSignatureIsValid() {
        var delivery = Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString());
        String rotatedOut = delivery.signatureOf(Signing.newSecret());

        delivery.signature(rotatedOut + " " + delivery.signatureOf(secret))
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(predictionId), hasSize(1));
    }

    @Test
    void acceptsAWebhookSignedWithTheSecretBeingRotatedOutAsWellAsWithTheNewOne() {
        String secondProviderPrediction = Ids.newId();
        String secondPrediction = Ids.newId();
        Dispatches.recorded(kafka, store, secondPrediction, "replicate", secondProviderPrediction, 1);

        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .signedWith(previousSecret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));
        Delivery.of(ReplicateBodies.succeeded(secondProviderPrediction).toString())
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(predictionId), hasSize(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(secondPrediction), hasSize(1));
    }

    @Test
    void refusesABodyOverTheCapWith413FromItsContentLengthAndPublishesNothing() {
        Delivery.of(oversizeBody())
                .signedWith(secret)
                .post()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/body-too-large"))
                .body("status", equalTo(413));

        assertNothingPublished();
    }

    @Test
    void refusesAChunkedBodyOnceItPassesTheCapAndPublishesNothing() throws Exception {
        String body = oversizeBody();
        String webhookId = Signing.newWebhookId();
        Instant now = Instant.now();
        byte[] bytes = Signing.utf8(body);
        // No Content-Length: the body arrives in chunks, so only counting as it arrives can stop it.
        var request = HttpRequest.newBuilder(intake)
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", String.valueOf(now.getEpochSecond()))
                .header("webhook-signature", Signing.signature(secret, webhookId, now, body))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();

        var answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        // Quarkus stops the body at the cap and closes the connection; with no length known up front, the answer
        // is its bare 413 (see OversizeBodyRefusal in kiln-problem).
        assertThat(answer.body(), answer.statusCode(), equalTo(413));
        assertNothingPublished();
    }

    @Test
    void verifiesAProviderWithTheSecretFetchedFromItsApiAtStartup() {
        String simulatorPrediction = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "simulator", simulatorPrediction, 1);
        String body = ReplicateBodies.succeeded(simulatorPrediction).toString();

        Delivery.of(body).to("simulator").signedWith(secret).post().statusCode(401);
        Delivery.of(body).to("simulator").signedWith(fetchedSecret).post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(predictionId), hasSize(1));
        assertThat(published.get(0).json(), containsString("\"provider\":\"simulator\""));
    }

    @Test
    void answers404ForAProviderThatIsNotConfigured() {
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .to("acme")
                .signedWith(secret)
                .post()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("detail", startsWith("No provider named 'acme'"));

        assertNothingPublished();
    }

    @Test
    void answers400ForASignedBodyThatIsNotAPredictionObject() {
        Delivery.of("[\"not\", \"a prediction\"]")
                .signedWith(secret)
                .post()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/malformed-body"));
    }

    /** A prediction object, signed and otherwise valid, one byte over the 256 KiB cap. */
    private String oversizeBody() {
        String body = ReplicateBodies.succeeded(providerPredictionId).put("logs", "").toString();
        int cap = 256 * 1024;
        return ReplicateBodies.succeeded(providerPredictionId).put("logs", "x".repeat(cap + 1 - body.length()))
                .toString();
    }

    private void assertNothingPublished() {
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> kafka.eventsFor(predictionId).isEmpty());
    }
}
