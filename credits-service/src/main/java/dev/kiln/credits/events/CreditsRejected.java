package dev.kiln.credits.events;

import java.time.Instant;

/** credits.rejected: the account could not cover the cost; nothing moved. */
public record CreditsRejected(String predictionId, String userId, long amount, long available, String reason,
        Instant occurredAt) {
}
