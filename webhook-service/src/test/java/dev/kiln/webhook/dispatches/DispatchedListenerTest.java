package dev.kiln.webhook.dispatches;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.TopicWatch;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/** prediction.dispatched, as the contract describes it, is the only source of the provider id mapping. */
@QuarkusTest
class DispatchedListenerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DispatchRecords records;

    @Test
    void recordsTheMappingUnderBothIds() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();

        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", providerPredictionId, 1);

        var expected = Optional.of(new DispatchRecord(predictionId, "replicate", providerPredictionId, 1));
        assertThat(records.byProviderPrediction("replicate", providerPredictionId).await().indefinitely(),
                equalTo(expected));
        assertThat(records.byPrediction(predictionId).await().indefinitely(), equalTo(expected));
        assertThat(records.byProviderPrediction("simulator", providerPredictionId).await().indefinitely(),
                equalTo(Optional.empty()));
    }

    @Test
    void keepsTheLaterAttemptWhenTheRecordOfAnEarlierOneArrivesLate() {
        String predictionId = Ids.newId();
        String second = Ids.newId();
        String first = Ids.newId();

        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", second, 2);
        Dispatches.recorded(bootstrapServers, records, predictionId, "replicate", first, 1);

        assertThat(records.byPrediction(predictionId).await().indefinitely().map(DispatchRecord::providerPredictionId),
                equalTo(Optional.of(second)));
        assertThat(records.byProviderPrediction("replicate", first).await().indefinitely()
                .map(DispatchRecord::predictionId), equalTo(Optional.of(predictionId)));
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndGoesOnConsuming() {
        String unreadable = Ids.newId();
        String next = Ids.newId();
        String nextAtProvider = Ids.newId();
        try (TopicWatch deadLetters = TopicWatch.open(bootstrapServers, "prediction.dispatched.dlq")) {

            Dispatches.send(bootstrapServers, Channels.PREDICTION_DISPATCHED_TOPIC, unreadable, "{\"prediction_id\":");
            Dispatches.recorded(bootstrapServers, records, next, "replicate", nextAtProvider, 1);

            var dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.withKey(unreadable), hasSize(1));
            assertThat(dead.get(0).value(), equalTo("{\"prediction_id\":"));
            assertThat(records.byPrediction(unreadable).await().indefinitely(), equalTo(Optional.empty()));
        }
    }
}
