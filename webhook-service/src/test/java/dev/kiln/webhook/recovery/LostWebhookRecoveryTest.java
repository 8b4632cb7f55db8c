package dev.kiln.webhook.recovery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaProbe.Event;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.PublishedEvents;
import dev.kiln.webhook.api.Delivery;
import dev.kiln.webhook.api.ReplicateBodies;
import dev.kiln.webhook.dispatches.DispatchStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A webhook that never comes (issue 8): the provider is asked, and what it says reaches the topics exactly as the
 * webhook would have. The tests' recovery checks every second, from a dispatch's estimate (kiln/jersey-speed: 5 s)
 * plus a 2 s grace.
 */
@QuarkusTest
class LostWebhookRecoveryTest {

    private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchStore store;

    @Inject
    MeterRegistry registry;

    private KafkaProbe kafka;

    @BeforeEach
    void listenToTheTopics() {
        kafka = PublishedEvents.listen(bootstrapServers);
    }

    @AfterEach
    void closeTheProbe() {
        kafka.close();
    }

    @Test
    void publishesTheOutcomeOfAPredictionWhoseWebhookNeverCameAndALateWebhookChangesNothing() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        String body = ReplicateBodies.succeeded(providerPredictionId).toString();
        ProviderApiStub.server().stubFor(get("/v1/predictions/" + providerPredictionId)
                .withHeader("Authorization", equalTo("Bearer kiln-local-token"))
                .willReturn(okJson(body)));
        double completedBefore = recoveries("completed");
        long getsBefore = providerCalls("get", "ok");

        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        var published = await().atMost(RECOVERED_WITHIN).until(() -> completed(predictionId), hasSize(1));
        // The same event as the webhook's (WebhookPublishingTest).
        PublishedEvents.assertSucceeded(published.get(0), predictionId, providerPredictionId);
        await().atMost(Duration.ofSeconds(5)).until(() -> recoveries("completed") >= completedBefore + 1);
        // kiln_provider_call_duration_seconds: the GET that learnt it (others' recoveries may run meanwhile: at least)
        assertThat(providerCalls("get", "ok"), org.hamcrest.Matchers.greaterThanOrEqualTo(getsBefore + 1));

        // The provider's webhook, late: acknowledged, and nothing more is published.
        Delivery.of(body).signedWith(secret).post().statusCode(200)
                .body("outcome", org.hamcrest.Matchers.equalTo("already_finished"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> completed(predictionId), hasSize(1));
    }

    @Test
    void keepsAskingWhileTheProviderIsStillProcessingAndPublishesItsProgressThenItsOutcome() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        String scenario = "slow " + providerPredictionId;
        ProviderApiStub.server().stubFor(get("/v1/predictions/" + providerPredictionId)
                .inScenario(scenario).whenScenarioStateIs(STARTED)
                .willReturn(okJson(ReplicateBodies.prediction(providerPredictionId, "processing").toString()))
                .willSetStateTo("done"));
        ProviderApiStub.server().stubFor(get("/v1/predictions/" + providerPredictionId)
                .inScenario(scenario).whenScenarioStateIs("done")
                .willReturn(okJson(ReplicateBodies.succeeded(providerPredictionId).toString())));

        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        await().atMost(RECOVERED_WITHIN).until(() -> completed(predictionId), hasSize(1));
        List<String> progress = PublishedEvents.progressed(kafka, predictionId).stream()
                .map(Event::json).map(json -> json.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1")).toList();
        assertThat(progress, contains("processing"));
        // Finished: never asked again.
        int asked = ProviderApiStub.server()
                .findAll(getRequestedFor(urlEqualTo("/v1/predictions/" + providerPredictionId))).size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> ProviderApiStub.server()
                .findAll(getRequestedFor(urlEqualTo("/v1/predictions/" + providerPredictionId))).size() == asked);
    }

    @Test
    void neverAsksAboutAPredictionWhoseWebhookBroughtItsOutcome() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString()).signedWith(secret).post()
                .statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("published"));

        // Past the estimate (5 s) and the grace (2 s), plus two rounds of the recovery.
        await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(10)).until(() -> ProviderApiStub.server()
                .findAll(getRequestedFor(urlEqualTo("/v1/predictions/" + providerPredictionId))), empty());
        assertThat(completed(predictionId), hasSize(1));
    }

    private List<Event> completed(String predictionId) {
        return PublishedEvents.completed(kafka, predictionId);
    }

    private long providerCalls(String operation, String outcome) {
        var timer = registry.find("kiln.provider.call.duration").tag("operation", operation).tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double recoveries(String outcome) {
        var counter = registry.find("kiln.webhook.recoveries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
