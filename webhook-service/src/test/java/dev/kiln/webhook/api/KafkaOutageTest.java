package dev.kiln.webhook.api;

import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.dispatches.DispatchStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Kafka must not be stopped under the other engineers' tests, so here only this service's prediction.completed
 * producer points at a port where no broker listens: to the webhook path, that is Kafka being down.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.CompletedTopicUnreachable.class)
class KafkaOutageTest {

    public static class CompletedTopicUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.prediction-completed.bootstrap.servers", "localhost:1",
                    "kiln.webhook.publish.timeout", "1s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchStore store;

    @Test
    void answers503WhenKafkaDoesNotAckAndProcessesTheProvidersRetryAgain() {
        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        try (var kafka = new KafkaProbe(bootstrapServers)) {
            Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);
        }
        var delivery = Delivery.of(ReplicateBodies.succeeded(providerPredictionId).toString()).signedWith(secret);

        delivery.post()
                .statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/service-unavailable"));
        // Not "duplicate": a webhook whose event was not acked is not remembered as seen.
        delivery.post()
                .statusCode(503)
                .body("type", equalTo("https://kiln.dev/problems/service-unavailable"));
    }
}
