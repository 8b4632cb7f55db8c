package dev.kiln.webhook.api;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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

/**
 * kiln_webhook_verifications_total (docs/metrics.md): every webhook counted once, by its result; and
 * kiln_provider_call_duration_seconds: every call to the provider, each try on its own, by operation and outcome.
 */
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

    @Test
    void timesEachCancelOfAStrayAtTheProviderByItsOutcome() {
        String ok = "kiln_provider_call_duration_seconds_count{operation=\"cancel\",outcome=\"ok\"}";
        String serverError = "kiln_provider_call_duration_seconds_count{operation=\"cancel\",outcome=\"server_error\"}";
        double okBefore = value(ok);
        double serverErrorBefore = value(serverError);

        String predictionId = Ids.newId();
        try (KafkaProbe kafka = new KafkaProbe(bootstrapServers).listen(Channels.PREDICTION_COMPLETED_TOPIC)) {
            Dispatches.recorded(kafka, store, predictionId, "replicate", Ids.newId(), 1);
        }
        // A stray the provider cancels at once...
        Delivery.of(ReplicateBodies.prediction(Ids.newId(), "processing").toString()).hint(predictionId, 1)
                .signedWith(secret).post().statusCode(200);
        // ...and one whose cancel fails each of its 3 tries.
        String refused = Ids.newId();
        ProviderApiStub.server().stubFor(post(urlEqualTo("/v1/predictions/" + refused + "/cancel"))
                .willReturn(serverError()));
        Delivery.of(ReplicateBodies.prediction(refused, "processing").toString()).hint(predictionId, 1)
                .signedWith(secret).post().statusCode(503);

        assertEquals(okBefore + 1, value(ok));
        assertEquals(serverErrorBefore + 3, value(serverError));
    }

    static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return Optional.of(line).filter(Matcher::find).map(found -> Double.parseDouble(found.group(1)))
                .orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }
}
