package dev.kiln.webhook.verify;

/** A callback whose signature and timestamp passed: its webhook-id and its body, exactly as signed. */
public record VerifiedWebhook(String id, String body) {
}
