package dev.kiln.webhook.verify;

/** Replicate's answer to {@code GET /v1/webhooks/default/secret}: {@code {"key": "whsec_..."}}. */
public record SigningSecret(String key) {
}
