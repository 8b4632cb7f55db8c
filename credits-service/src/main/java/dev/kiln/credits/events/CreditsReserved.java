package dev.kiln.credits.events;

import java.time.Instant;

/** credits.reserved: the cost moved from available to reserved; balances are the account's right after. */
public record CreditsReserved(String predictionId, String userId, long amount, long available, long reserved,
        Instant occurredAt) {
}
