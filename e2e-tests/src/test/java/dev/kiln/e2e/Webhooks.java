package dev.kiln.e2e;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.specification.RequestSpecification;

/** Webhook deliveries to webhook-service as a provider makes them (Standard Webhooks), or as a forger would. */
final class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Webhooks() {
    }

    static String url() {
        return Stack.serviceUrl("webhook-service", 8081);
    }

    /** A delivery to /v1/webhooks/replicate of this body, signed with this secret as at this time. */
    static RequestSpecification signed(String secret, String body, Instant at) {
        String id = "msg_e2e_" + UUID.randomUUID();
        String timestamp = Long.toString(at.getEpochSecond());
        return given().baseUri(url())
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(secret, id + "." + timestamp + "." + body))
                .body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** A secret nobody configured: what a forger signs with. */
    static String strangersSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** A Replicate prediction object as the provider's webhook carries it; the marker is in its logs and output. */
    static String prediction(String providerPredictionId, String status, String marker) {
        return "{\"id\":\"" + providerPredictionId + "\",\"status\":\"" + status + "\",\"logs\":\"" + marker
                + "\",\"output\":[\"https://evil.example/" + marker + ".png\"],\"error\":null,"
                + "\"started_at\":\"2026-12-01T10:00:00Z\",\"completed_at\":\"2026-12-01T10:00:04Z\"}";
    }

    private static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
