package dev.kiln.webhook;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaProbe.Event;
import dev.kiln.webhook.api.ReplicateBodies;
import dev.kiln.webhook.events.Channels;

/**
 * What webhook-service publishes about a prediction, as a test reads it: a probe on prediction.completed and
 * prediction.progressed, one prediction's events on either, and what the completion of a succeeded prediction
 * carries, whether a webhook brought it or the lost-webhook recovery asked for it.
 */
public final class PublishedEvents {

    private static final AsyncApiContract CONTRACT = AsyncApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedEvents() {
    }

    /** A probe that records both topics from now on; the test closes it. */
    public static KafkaProbe listen(String bootstrapServers) {
        return new KafkaProbe(bootstrapServers)
                .listen(Channels.PREDICTION_COMPLETED_TOPIC, Channels.PREDICTION_PROGRESSED_TOPIC);
    }

    /** The prediction's events on prediction.completed: one, once it has ended. */
    public static List<Event> completed(KafkaProbe kafka, String predictionId) {
        return on(kafka, Channels.PREDICTION_COMPLETED_TOPIC, predictionId);
    }

    public static List<Event> progressed(KafkaProbe kafka, String predictionId) {
        return on(kafka, Channels.PREDICTION_PROGRESSED_TOPIC, predictionId);
    }

    private static List<Event> on(KafkaProbe kafka, String topic, String predictionId) {
        return kafka.eventsFor(predictionId).stream().filter(event -> event.topic().equals(topic)).toList();
    }

    /**
     * The prediction.completed that the provider's {@link ReplicateBodies#succeeded} becomes: valid by the contract,
     * about our prediction, naming the provider's id only as provider_prediction_id, with the provider's outputs,
     * metrics, logs and times.
     */
    public static void assertSucceeded(Event record, String predictionId, String providerPredictionId)
            throws JsonProcessingException {
        assertThat(record.type(), equalTo(Channels.PREDICTION_COMPLETED_TYPE));
        assertThat(record.header("ce_source"), equalTo("webhook-service"));
        assertThat(record.header("ce_subject"), equalTo(predictionId));
        CONTRACT.assertValid(Channels.PREDICTION_COMPLETED_TOPIC, record.type(), record.json());
        JsonNode event = JSON.readTree(record.json());
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
}
