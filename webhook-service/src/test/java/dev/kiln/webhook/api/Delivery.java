package dev.kiln.webhook.api;

import static io.restassured.RestAssured.given;

import java.time.Instant;

import dev.kiln.webhook.Signing;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** One webhook delivery as a provider makes it: Standard Webhooks headers over the raw body. */
public final class Delivery {

    private final String body;
    private String provider = "replicate";
    private String webhookId = Signing.newWebhookId();
    private Instant timestamp = Instant.now();
    private String secret;
    private String signature;
    private String hintedPredictionId;
    private Integer hintedAttempt;

    private Delivery(String body) {
        this.body = body;
    }

    public static Delivery of(String body) {
        return new Delivery(body);
    }

    public Delivery to(String provider) {
        this.provider = provider;
        return this;
    }

    public Delivery signedWith(String secret) {
        this.secret = secret;
        return this;
    }

    /** Sends this webhook-signature header instead of the one the secret gives. */
    public Delivery signature(String header) {
        this.signature = header;
        return this;
    }

    public Delivery id(String webhookId) {
        this.webhookId = webhookId;
        return this;
    }

    public Delivery at(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** The query parameters that the gateway puts in the webhook URL (not signed). */
    public Delivery hint(String predictionId, int attempt) {
        this.hintedPredictionId = predictionId;
        this.hintedAttempt = attempt;
        return this;
    }

    public String signatureOf(String otherSecret) {
        return Signing.signature(otherSecret, webhookId, timestamp, body);
    }

    public ValidatableResponse post() {
        RequestSpecification request = given()
                .contentType("application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", String.valueOf(timestamp.getEpochSecond()))
                .header("webhook-signature", signature != null ? signature : signatureOf(secret))
                .body(Signing.utf8(body));
        if (hintedPredictionId != null) {
            request.queryParam("prediction_id", hintedPredictionId).queryParam("attempt", hintedAttempt);
        }
        return request.when().post("/v1/webhooks/{provider}", provider).then();
    }
}
