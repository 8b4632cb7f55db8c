package dev.kiln.webhook.dispatches;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/** prediction.dispatched, as the contract describes it, is the only source of the provider id mapping. */
@QuarkusTest
class PredictionDispatchedConsumerTest {

    private static final String DEAD_LETTERS = Channels.PREDICTION_DISPATCHED_TOPIC + ".dlq";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DispatchStore store;

    private KafkaProbe kafka;

    @BeforeEach
    void listenToTheDeadLetterTopic() {
        kafka = new KafkaProbe(bootstrapServers).listen(DEAD_LETTERS);
    }

    @AfterEach
    void closeTheProbe() {
        kafka.close();
    }

    @Test
    void recordsTheMappingUnderBothIds() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();

        Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);

        var expected = Optional.of(new DispatchRecord(predictionId, "replicate", providerPredictionId, 1));
        assertThat(store.findByProviderPrediction("replicate", providerPredictionId).await().indefinitely(),
                equalTo(expected));
        assertThat(store.findByPrediction(predictionId).await().indefinitely(), equalTo(expected));
        assertThat(store.findByProviderPrediction("simulator", providerPredictionId).await().indefinitely(),
                equalTo(Optional.empty()));
    }

    @Test
    void keepsTheLaterAttemptWhenTheRecordOfAnEarlierOneArrivesLate() {
        String predictionId = Ids.newId();
        String second = Ids.newId();
        String first = Ids.newId();

        Dispatches.recorded(kafka, store, predictionId, "replicate", second, 2);
        Dispatches.recorded(kafka, store, predictionId, "replicate", first, 1);

        assertThat(store.findByPrediction(predictionId).await().indefinitely().map(DispatchRecord::providerPredictionId),
                equalTo(Optional.of(second)));
        assertThat(store.findByProviderPrediction("replicate", first).await().indefinitely()
                .map(DispatchRecord::predictionId), equalTo(Optional.of(predictionId)));
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndGoesOnConsuming() {
        String unreadable = Ids.newId();
        String next = Ids.newId();
        String nextAtProvider = Ids.newId();

        kafka.send(Channels.PREDICTION_DISPATCHED_TOPIC, unreadable, Channels.PREDICTION_DISPATCHED_TYPE,
                "{\"prediction_id\":");
        Dispatches.recorded(kafka, store, next, "replicate", nextAtProvider, 1);

        var dead = await().atMost(Duration.ofSeconds(30)).until(() -> kafka.eventsFor(unreadable), hasSize(1));
        assertThat(dead.get(0).topic(), equalTo(DEAD_LETTERS));
        assertThat(dead.get(0).json(), equalTo("{\"prediction_id\":"));
        assertThat(store.findByPrediction(unreadable).await().indefinitely(), equalTo(Optional.empty()));
    }

    @Test
    void sendsARecordWhosePredictionIdIsNotLowercaseBase32ToTheDeadLetterTopic() {
        // 26 characters, but 0, 1, 8 and 9 are not in the base32 alphabet of our ids.
        String notOurs = "0189" + Ids.newId().substring(4);

        kafka.send(Channels.PREDICTION_DISPATCHED_TOPIC, notOurs, Channels.PREDICTION_DISPATCHED_TYPE,
                Dispatches.event(Ids.newId(), "replicate", Ids.newId(), 1).replaceFirst("\"prediction_id\":\"[a-z2-7]+\"",
                        "\"prediction_id\":\"" + notOurs + "\""));

        var dead = await().atMost(Duration.ofSeconds(30)).until(() -> kafka.eventsFor(notOurs), hasSize(1));
        assertThat(dead.get(0).topic(), equalTo(DEAD_LETTERS));
        assertThat(store.findByPrediction(notOurs).await().indefinitely(), equalTo(Optional.empty()));
    }
}
