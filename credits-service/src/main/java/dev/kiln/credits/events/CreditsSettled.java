package dev.kiln.credits.events;

import java.time.Instant;

/** credits.confirmed or credits.refunded; balances are the account's right after the settlement. */
public record CreditsSettled(String predictionId, String userId, long amount, long available, long reserved,
        Instant occurredAt) {
}
