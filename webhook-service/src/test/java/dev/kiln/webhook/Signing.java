package dev.kiln.webhook;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/** Signs test webhooks with the Standard Webhooks library, as the provider does. */
public final class Signing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signing() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public static String newWebhookId() {
        return "msg_" + UUID.randomUUID();
    }

    /** The webhook-signature header value: "v1,<base64 HMAC-SHA256 of id.timestamp.body>". */
    public static String signature(String secret, String webhookId, Instant timestamp, String body) {
        try {
            return new Webhook(secret).sign(webhookId, timestamp.getEpochSecond(), body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
