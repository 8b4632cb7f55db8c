package dev.kiln.simulator.callbacks;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.standardwebhooks.Webhook;

import dev.kiln.simulator.SimulatorConfig;

/**
 * The account's webhook signing secret: the configured one, or one drawn at start as Standard Webhooks describes it
 * ({@code whsec_} + base64 of 32 random bytes). A drawn secret lives as long as this process, so receivers fetch it
 * from {@code GET /v1/webhooks/default/secret} rather than share a well-known key. {@link #rotate} replaces it, as a
 * provider's rotation does: from then on every webhook (retries of earlier ones too) is signed with the new secret
 * only, which is the hard case for a receiver (issue 8, hole 10).
 */
@ApplicationScoped
public class SigningSecret {

    private static final Logger LOG = Logger.getLogger(SigningSecret.class);
    private static final int KEY_BYTES = 32;

    private volatile String secret;

    SigningSecret(SimulatorConfig config) {
        this.secret = config.webhookSecret().filter(configured -> !configured.isBlank()).orElseGet(SigningSecret::draw);
        try {
            new Webhook(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("kiln.simulator.webhook-secret is not a Standard Webhooks secret "
                    + "(whsec_ followed by the base64 of the key)", e);
        }
        if (config.webhookSecret().isEmpty()) {
            LOG.info("Webhook signing secret drawn at start (kiln.simulator.webhook-secret not set); receivers fetch "
                    + "it from GET /v1/webhooks/default/secret");
        }
    }

    /** The secret in Standard Webhooks form, {@code whsec_...}. */
    public String value() {
        return secret;
    }

    /** A signer of the secret as it is now. */
    public Webhook signer() {
        return new Webhook(secret);
    }

    /** Replaces the secret with a freshly drawn one and returns it. */
    public String rotate() {
        secret = draw();
        LOG.info("Webhook signing secret rotated; webhooks are signed with the new one from now on");
        return secret;
    }

    private static String draw() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
