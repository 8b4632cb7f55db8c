package dev.kiln.credits.ledger;

import java.time.Instant;

/**
 * A recorded movement as the events describe it: the account's balances right after it, and whether it was
 * recorded just now or earlier (a redelivered event finds it already there).
 */
public record Movement(String predictionId, String userId, EntryKind kind, long amount, String reason,
        long available, long reserved, Instant occurredAt, boolean replayed) {

    static Movement recorded(LedgerEntry entry, boolean replayed) {
        return new Movement(entry.predictionId(), entry.userId(), entry.kind(), entry.amount(), entry.reason(),
                entry.availableAfter(), entry.reservedAfter(), entry.createdAt(), replayed);
    }
}
