package dev.kiln.webhook.dispatches;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.api.Delivery;
import dev.kiln.webhook.api.ReplicateBodies;
import dev.kiln.webhook.events.Channels;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The provider id mapping outlives Redis (issue 8): Redis runs without persistence and evicts, so a restart or an
 * eviction must not turn a prediction's webhooks into 503s for ever.
 */
@QuarkusTest
class DurableMappingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchStore store;

    @Inject
    RedisDataSource redis;

    @Test
    void routesAWebhookByItsDispatchAfterRedisLostEveryKeyOfIt() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        try (var kafka = new KafkaProbe(bootstrapServers).listen(Channels.PREDICTION_COMPLETED_TOPIC)) {
            Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);
            // What a Redis restart without persistence, or an eviction, does to the keys of this dispatch.
            redis.key().del("webhook:provider:replicate:" + providerPredictionId, "webhook:prediction:" + predictionId);

            Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString())
                    .signedWith(secret)
                    .post()
                    .statusCode(200)
                    .body("outcome", equalTo("published"));

            await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsFor(predictionId), hasSize(1));
        }
    }
}
