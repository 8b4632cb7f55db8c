package dev.kiln.webhook.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A crash mid-dispatch can leave a provider prediction that no record of ours names, while our prediction was
 * dispatched again as another. Its webhooks carry the unsigned hint of our prediction: that is enough to cancel it at
 * the provider, never to publish anything for it.
 */
@QuarkusTest
class StrayPredictionTest {

    private static final Duration QUIET = Duration.ofSeconds(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @ConfigProperty(name = "kiln.webhook.providers.replicate.api-url")
    URI providerApi;

    @Inject
    DispatchStore store;

    private WireMock provider;
    private KafkaProbe kafka;
    private String predictionId;
    private String stray;

    @BeforeEach
    void dispatchAPredictionThatAlsoLeftAStray() {
        provider = new WireMock(providerApi.getHost(), providerApi.getPort());
        kafka = new KafkaProbe(bootstrapServers)
                .listen(Channels.PREDICTION_COMPLETED_TOPIC, Channels.PREDICTION_PROGRESSED_TOPIC);
        predictionId = Ids.newId();
        stray = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", Ids.newId(), 1);
    }

    @AfterEach
    void closeTheProbe() {
        kafka.close();
    }

    @Test
    void cancelsAStrayDuplicateAtTheProviderAndPublishesNothing() {
        Delivery.of(ReplicateBodies.prediction(stray, "processing").toString())
                .hint(predictionId, 1)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", Matchers.equalTo("stray_canceled"));

        provider.verifyThat(exactly(1), postRequestedFor(urlEqualTo("/v1/predictions/" + stray + "/cancel"))
                .withHeader("Authorization", equalTo("Bearer kiln-local-token")));
        assertNothingPublished();
    }

    @Test
    void leavesAStrayThatAlreadyFinishedAloneAndPublishesNothing() {
        Delivery.of(ReplicateBodies.succeeded(stray).toString())
                .hint(predictionId, 1)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", Matchers.equalTo("stray_finished"));

        provider.verifyThat(exactly(0), postRequestedFor(urlEqualTo("/v1/predictions/" + stray + "/cancel")));
        assertNothingPublished();
    }

    @Test
    void holdsAWebhookOfALaterDispatchAttemptNotRecordedYetInsteadOfCancelling() {
        Delivery.of(ReplicateBodies.prediction(stray, "processing").toString())
                .hint(predictionId, 2)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", Matchers.equalTo("held"));

        provider.verifyThat(exactly(0), postRequestedFor(urlEqualTo("/v1/predictions/" + stray + "/cancel")));
        assertNothingPublished();
    }

    @Test
    void answers503AfterBoundedTriesWhenTheProviderRefusesTheCancelSoThatItCallsAgain() {
        String cancelPath = "/v1/predictions/" + stray + "/cancel";
        provider.register(post(urlEqualTo(cancelPath)).willReturn(serverError()));
        var delivery = Delivery.of(ReplicateBodies.prediction(stray, "processing").toString())
                .hint(predictionId, 1)
                .signedWith(secret);

        delivery.post()
                .statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("type", Matchers.equalTo("https://kiln.dev/problems/service-unavailable"));
        provider.verifyThat(exactly(3), postRequestedFor(urlEqualTo(cancelPath)));

        // The failed delivery did not count as seen: the provider's retry tries the cancel again.
        delivery.post().statusCode(503);
        provider.verifyThat(exactly(6), postRequestedFor(urlEqualTo(cancelPath)));
        assertNothingPublished();
    }

    private void assertNothingPublished() {
        await().during(QUIET).atMost(QUIET.plusSeconds(2))
                .until(() -> kafka.eventsFor(predictionId).isEmpty() && kafka.eventsFor(stray).isEmpty());
    }
}
