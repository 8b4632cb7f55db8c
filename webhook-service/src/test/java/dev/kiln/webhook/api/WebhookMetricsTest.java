package dev.kiln.webhook.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.Signing;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.Channels;
import io.quarkus.test.junit.QuarkusTest;

/** kiln_webhook_verifications_total (docs/metrics.md): every webhook counted once, by its result. */
@QuarkusTest
class WebhookMetricsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.SECRET_PROPERTY)
    String secret;

    @Inject
    DispatchStore store;

    @Test
    void countsEachWebhookByItsResult() {
        String published = "kiln_webhook_verifications_total{result=\"published\"}";
        String duplicate = "kiln_webhook_verifications_total{result=\"duplicate\"}";
        String forged = "kiln_webhook_verifications_total{result=\"invalid-signature\"}";
        double publishedBefore = value(published);
        double duplicateBefore = value(duplicate);
        double forgedBefore = value(forged);

        String predictionId = Ids.newId();
        String providerPredictionId = Ids.newId();
        try (KafkaProbe kafka = new KafkaProbe(bootstrapServers).listen(Channels.PREDICTION_COMPLETED_TOPIC)) {
            Dispatches.recorded(kafka, store, predictionId, "replicate", providerPredictionId, 1);
        }
        String webhookId = Signing.newWebhookId();
        String body = ReplicateBodies.succeeded(providerPredictionId).toString();
        Delivery.of(body).id(webhookId).signedWith(secret).post().statusCode(200);
        Delivery.of(body).id(webhookId).signedWith(secret).post().statusCode(200);
        Delivery.of(body).signedWith(Signing.newSecret()).post().statusCode(401);

        // The tests of this class run alone in their JVM's Quarkus app, one at a time: exact counts.
        assertEquals(publishedBefore + 1, value(published));
        assertEquals(duplicateBefore + 1, value(duplicate));
        assertEquals(forgedBefore + 1, value(forged));
    }

    static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return Optional.of(line).filter(Matcher::find).map(found -> Double.parseDouble(found.group(1)))
                .orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }
}
