package dev.kiln.webhook.dispatches;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.DatabaseOutage;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The patient consumer (issue 8): a prediction.dispatched consumed while PostgreSQL is unavailable is retried until the
 * database is back, then recorded; it never reaches the .dlq, because a mapping lost there strands its prediction.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final String DEAD_LETTERS = Channels.PREDICTION_DISPATCHED_TOPIC + ".dlq";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Inject
    DispatchStore store;

    @Test
    void recordsADispatchConsumedDuringATenSecondDatabaseOutageOnceTheDatabaseIsBack() throws Exception {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        try (var kafka = new KafkaProbe(bootstrapServers).listen(DEAD_LETTERS);
                var outage = DatabaseOutage.of(jdbcUrl)) {
            kafka.send(Channels.PREDICTION_DISPATCHED_TOPIC, predictionId, Channels.PREDICTION_DISPATCHED_TYPE,
                    Dispatches.event(predictionId, "replicate", providerPredictionId, 1));

            // Ten seconds down, and nothing given up meanwhile.
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11))
                    .until(() -> kafka.eventsFor(predictionId), empty());
            outage.close();

            await().atMost(Duration.ofSeconds(60)).until(() -> store.findByProviderPrediction("replicate",
                    providerPredictionId).await().atMost(Duration.ofSeconds(5)).isPresent());
            assertThat(store.findByProviderPrediction("replicate", providerPredictionId).await().indefinitely(),
                    equalTo(Optional.of(new DispatchRecord(predictionId, "replicate", providerPredictionId, 1))));
            assertThat(kafka.eventsFor(predictionId), empty());
        }
    }
}
