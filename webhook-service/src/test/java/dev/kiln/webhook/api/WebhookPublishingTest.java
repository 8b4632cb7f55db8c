package dev.kiln.webhook.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.Signing;
import dev.kiln.webhook.TopicWatch;
import dev.kiln.webhook.dispatches.DispatchRecords;
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

    @ConfigProperty(name = "kiln.webhook.providers.replicate.secret")
    String secret;

    @Inject
    DispatchRecords records;

    private TopicWatch completed;
    private TopicWatch progressed;

    @BeforeEach
    void watchTheTopics() {
        completed = TopicWatch.open(bootstrapServers, Channels.PREDICTION_COMPLETED_TOPIC);
        progressed = TopicWatch.open(bootstrapServers, Channels.PREDICTION_PROGRESSED_TOPIC);
    }

    @AfterEach
    void closeTheWatches() {
        completed.close();
        progressed.close();
    }

    @Test
    void publishesTheCompletedOutcomeOfAMappedPredictionWithItsOutputsAndMetrics() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> completed.withKey(predictionId), hasSize(1));
        var record = published.get(0);
        assertThat(TopicWatch.header(record, "ce_type"), equalTo("prediction.completed"));
        assertThat(TopicWatch.header(record, "ce_source"), equalTo("webhook-service"));
        assertThat(TopicWatch.header(record, "ce_subject"), equalTo(predictionId));
        CONTRACT.assertValid(Channels.PREDICTION_COMPLETED_TOPIC, TopicWatch.header(record, "ce_type"), record.value());
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("prediction_id").asText(), equalTo(predictionId));
        assertThat(event.path("provider").asText(), equalTo("replicate"));
        assertThat(event.path("provider_prediction_id").asText(), equalTo(providerPredictionId));
        assertThat(event.path("status").asText(), equalTo("succeeded"));
        assertThat(event.path("output").size(), equalTo(1));
        assertThat(event.path("output").path(0).asText(), equalTo(ReplicateBodies.outputUrl(providerPredictionId)));
        assertThat(event.path("error").isNull(), equalTo(true));
        assertThat(event.path("metrics").path("predict_time").asDouble(), equalTo(4.2));
        assertThat(event.path("metrics").path("total_time").asDouble(), equalTo(4.9));
        assertThat(event.path("logs").asText(), equalTo("rendering shirt\ndone\n"));
        assertThat(event.path("started_at").asText(), equalTo(ReplicateBodies.STARTED_AT));
        assertThat(event.path("completed_at").asText(), equalTo("2026-11-28T10:00:05.200Z"));
    }

    @Test
    void publishesProgressWhileTheProviderIsProcessing() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", providerPredictionId, 1);

        Delivery.of(ReplicateBodies.prediction(providerPredictionId, "processing").toString())
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> progressed.withKey(predictionId), hasSize(1));
        var record = published.get(0);
        assertThat(TopicWatch.header(record, "ce_type"), equalTo("prediction.progressed"));
        CONTRACT.assertValid(Channels.PREDICTION_PROGRESSED_TOPIC, TopicWatch.header(record, "ce_type"), record.value());
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("prediction_id").asText(), equalTo(predictionId));
        assertThat(event.path("provider_prediction_id").asText(), equalTo(providerPredictionId));
        assertThat(event.path("status").asText(), equalTo("processing"));
        assertThat(event.path("logs").asText(), equalTo("rendering shirt\n"));
        assertThat(event.path("started_at").asText(), equalTo(ReplicateBodies.STARTED_AT));
        assertThat(completed.withKey(predictionId), hasSize(0));
    }

    @Test
    void publishesOneEventForAWebhookIdDeliveredTwice() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", providerPredictionId, 1);
        String webhookId = Signing.newWebhookId();
        String body = ReplicateBodies.succeeded(providerPredictionId).toString();

        Delivery.of(body).id(webhookId).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("published"));
        Delivery.of(body).id(webhookId).signedWith(secret).post()
                .statusCode(200).body("outcome", equalTo("duplicate"));

        await().atMost(Duration.ofSeconds(10)).until(() -> completed.withKey(predictionId), hasSize(1));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed.withKey(predictionId), hasSize(1));
    }

    @Test
    void asksTheProviderToRetryAWebhookThatBeatItsDispatchRecordThenPublishesOnTheRetry() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        var delivery = Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                .hint(predictionId, 1)
                .signedWith(secret);

        delivery.post()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-dispatched-yet"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed.withKey(predictionId).isEmpty());

        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", providerPredictionId, 1);
        delivery.post().statusCode(200).body("outcome", equalTo("published"));

        await().atMost(Duration.ofSeconds(10)).until(() -> completed.withKey(predictionId), hasSize(1));
    }

    @Test
    void answers503ForAPredictionNeverDispatchedAndPublishesNothing() {
        String strangerPrediction = Ids.newId();

        Delivery.of(ReplicateBodies.succeeded(strangerPrediction).toString())
                .signedWith(secret)
                .post()
                .statusCode(503)
                .header("Retry-After", "1");

        await().during(QUIET).atMost(QUIET.plusSeconds(2))
                .until(() -> completed.withKey(strangerPrediction).isEmpty());
    }

    @Test
    void routesByTheRecordedDispatchNeverByTheUnsignedHint() throws Exception {
        String ours = Ids.newId();
        String oursAtProvider = Ids.newId();
        String victim = Ids.newId();
        String victimAtProvider = Ids.newId();
        Dispatches.recorded(bootstrapServers, records, ours, "replicate", oursAtProvider, 1);
        Dispatches.recorded(bootstrapServers, records, victim, "replicate", victimAtProvider, 1);

        Delivery.of(ReplicateBodies.prediction(oursAtProvider, "failed").put("error", "CUDA out of memory").toString())
                .hint(victim, 1)
                .signedWith(secret)
                .post()
                .statusCode(200)
                .body("outcome", equalTo("published"));

        var published = await().atMost(Duration.ofSeconds(10)).until(() -> completed.withKey(ours), hasSize(1));
        JsonNode event = JSON.readTree(published.get(0).value());
        assertThat(event.path("status").asText(), equalTo("failed"));
        assertThat(event.path("error").path("code").asText(), equalTo("prediction_failed"));
        assertThat(event.path("error").path("message").asText(), equalTo("CUDA out of memory"));
        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> completed.withKey(victim).isEmpty());
    }
}
