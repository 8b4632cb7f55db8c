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
 * from {@code GET /v1/webhooks/default/secret} rather than share a well-known key.
 */
@ApplicationScoped
public class SigningSecret {

    private static final Logger LOG = Logger.getLogger(SigningSecret.class);
    private static final int KEY_BYTES = 32;

    private final String secret;

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

    /** A signer of this secret. */
    public Webhook signer() {
        return new Webhook(secret);
    }

    private static String draw() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
