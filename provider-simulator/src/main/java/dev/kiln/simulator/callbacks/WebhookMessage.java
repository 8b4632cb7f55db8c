package dev.kiln.simulator.callbacks;

import java.net.URI;

/** One webhook: its id stays the same on every retry and duplicate; the body is signed as these exact bytes. */
record WebhookMessage(String webhookId, WebhookEvent event, URI url, String body) {
}
