package dev.kiln.gateway.dispatch;

import java.time.Instant;

/**
 * What the gateway reads of the provider's prediction object: its id and status, and, to find a job whose create
 * answer was lost, the webhook URL that carries our prediction id and when it was created.
 */
public record ProviderPrediction(String id, String status, String webhook, Instant createdAt) {

    /** Replicate's terminal statuses: a job in one of them runs no more and needs no cancel. */
    public boolean isFinished() {
        return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status)
                || "aborted".equals(status);
    }
}
