package dev.kiln.webhook.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaProbe.Event;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.PublishedEvents;
import dev.kiln.webhook.Signing;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/** A verified webhook for a dispatched prediction becomes one provider-neutral event, acked before the 200. */
@QuarkusTest
class WebhookPublishingTest {

    private static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofSeconds(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchStore store;

    private KafkaProbe kafka;

    @BeforeEach
    void listenToTheTopics() {
        kafka = PublishedEvents.listen(bootstrapServers);
    }

    @AfterEach
    void closeTheProbe() {
        kafka.close();
    }

    private List<Event> completed(String predictionId) {
        return PublishedEvents.completed(kafka, predictionId);
    }

    private List<Event> progressed(String predictionId) {
        return PublishedEvents.progressed(kafka, predictionId);
    }

    @Test
    void publishesTheCompletedOutcomeOfAMappedPredictionWithItsOutputsAndMetrics() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> completed(predictionId), hasSize(1));
        PublishedEvents.assertSucceeded(published.get(0), predictionId, providerPredictionId);
    }

    @Test
    void publishesProgressWhileTheProviderIsProcessing() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.prediction(providerPredictionId, "processing").toString())
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> progressed(predictionId), hasSize(1));
        var record = published.get(0);
        assertThat(record.type(), equalTo("prediction.progressed"));
        CONTRACT.assertValid(Channels.PREDICTION_PROGRESSED_TOPIC, record.type(), record.json());
        JsonNode event = JSON.readTree(record.json());
        assertThat(event.path("prediction_id").asText(), equalTo(predictionId));
        assertThat(event.path("provider_prediction_id").asText(), equalTo(providerPredictionId));
        assertThat(event.path("status").asText(), equalTo("processing"));
        assertThat(event.path("logs").asText(), equalTo("rendering shirt\n"));
        assertThat(event.path("started_at").asText(), equalTo(ReplicateBodies.STARTED_AT));
        assertThat(completed(predictionId), hasSize(0));
    }

    @Test
    void publishesOneEventForAWebhookIdDeliveredTwice() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);
        String webhookId = Signing.newWebhookId();
        String body = ReplicateBodies.succeeded(providerPredictionId).toString();

        Delivery.of(body).id(webhookId).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("published"));
        Delivery.of(body).id(webhookId).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("duplicate"));

        await().atMost(Duration.ofSeconds(10)).until(() -> completed(predictionId), hasSize(1));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed(predictionId), hasSize(1));
    }

    @Test
    void holdsWebhooksThatBeatTheirDispatchRecordAndPublishesThemInOrderOnceItIsRecorded() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        var started = Delivery.of(ReplicateBodies.prediction(providerPredictionId, "processing").toString())
                .hint(predictionId, 1).signedWith(secret);
        var succeeded = Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .hint(predictionId, 1).signedWith(secret);

        // Issue 9: the provider's first webhooks come before prediction.dispatched is read. Answered 200, not 503.
        started.post().statusCode(200).body("outcome", equalTo("held"));
        succeeded.post().statusCode(200).body("outcome", equalTo("held"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> kafka.eventsFor(predictionId).isEmpty());

        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> completed(predictionId), hasSize(1));
        // In arrival order: had the outcome gone first, it would have finished the dispatch and the progress dropped.
        assertThat(progressed(predictionId), hasSize(1));
        JsonNode outcome = JSON.readTree(completed(predictionId).get(0).json());
        assertThat(outcome.path("status").asText(), equalTo("succeeded"));
        assertThat(outcome.path("output").path(0).asText(), equalTo(ReplicateBodies.outputUrl(providerPredictionId)));
        // The provider's retry of a held webhook, if our 200 was lost: a duplicate, nothing more.
        succeeded.post().statusCode(200).body("outcome", equalTo("duplicate"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed(predictionId), hasSize(1));
    }

    @Test
    void keysEveryEventByOurPredictionIdAndNamesTheProvidersIdOnlyAsProviderPredictionId() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.prediction(providerPredictionId, "processing").toString())
                .signedWith(secret).post().statusCode(200).body("outcome", equalTo("published"));
        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .signedWith(secret).post().statusCode(200).body("outcome", equalTo("published"));

        // Both webhooks were acked before their 200: wait for their two records under either id, then judge them.
        await().atMost(Duration.ofSeconds(10)).until(
                () -> kafka.eventsFor(predictionId).size() + kafka.eventsFor(providerPredictionId).size() >= 2);
        assertThat(kafka.eventsFor(providerPredictionId), empty());
        var published = kafka.eventsFor(predictionId);
        assertThat(published.stream().map(Event::type).toList(),
                containsInAnyOrder(Channels.PREDICTION_PROGRESSED_TYPE, Channels.PREDICTION_COMPLETED_TYPE));
        for (Event record : published) {
            assertThat(record.key(), equalTo(predictionId));
            assertThat(record.header("ce_subject"), equalTo(predictionId));
            JsonNode event = JSON.readTree(record.json());
            assertThat(event.path("prediction_id").asText(), equalTo(predictionId));
            assertThat(event.path("provider_prediction_id").asText(), equalTo(providerPredictionId));
            // No other field or header holds the provider's id (output URLs, the provider's own, may contain it).
            var holding = new java.util.ArrayList<String>();
            event.fields().forEachRemaining(field -> {
                if (field.getValue().asText().equals(providerPredictionId)) {
                    holding.add(field.getKey());
                }
            });
            assertThat(holding, contains("provider_prediction_id"));
            assertThat(record.headers().values(), not(hasItem(equalTo(providerPredictionId))));
        }
    }

    @Test
    void holdsAWebhookOfAPredictionNeverDispatchedAndNeverMatchesItByTheUnsignedHint() {
        String hintedPrediction = Ids.newId();
        String strangerAtProvider = Ids.newId();

        Delivery.of(ReplicateBodies.succeeded(strangerAtProvider).toString())
                .hint(hintedPrediction, 1)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("held"));
        // The hinted prediction is dispatched, as another provider prediction: the held webhook is not its.
        Dispatches.recorded(kafka, store, hintedPrediction, "replicate", Ids.newId(), 1);

        // The unsigned hint is the one id of ours a faulty path could publish under; the provider's id the other.
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(
                () -> kafka.eventsFor(hintedPrediction).isEmpty() && kafka.eventsFor(strangerAtProvider).isEmpty());
    }

    @Test
    void routesByTheRecordedDispatchNeverByTheUnsignedHint() throws Exception {
        String ours = Ids.newId();
        String oursAtProvider = Ids.newId();
        String victim = Ids.newId();
        String victimAtProvider = Ids.newId();
        Dispatches.recorded(kafka, store, ours, "replicate", oursAtProvider, 1);
        Dispatches.recorded(kafka, store, victim, "replicate", victimAtProvider, 1);

        Delivery.of(ReplicateBodies.prediction(oursAtProvider, "failed").put("error", "CUDA out of memory").toString())
                .hint(victim, 1)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> completed(ours), hasSize(1));
        JsonNode event = JSON.readTree(published.get(0).json());
        assertThat(event.path("status").asText(), equalTo("failed"));
        assertThat(event.path("error").path("code").asText(), equalTo("prediction_failed"));
        assertThat(event.path("error").path("message").asText(), equalTo("CUDA out of memory"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed(victim).isEmpty());
    }
}
