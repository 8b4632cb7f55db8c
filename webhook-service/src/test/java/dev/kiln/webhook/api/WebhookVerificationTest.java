package dev.kiln.webhook.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

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

    @ConfigProperty(name = "kiln.webhook.providers.replicate.secret")
    String secret;

    @ConfigProperty(name = ProviderApiStub.FETCHED_SECRET_PROPERTY)
    String fetchedSecret;

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
                .at(Instant.now().plusSeconds(301))
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

    private void assertNothingPublished() {
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> kafka.eventsFor(predictionId).isEmpty());
    }
}
