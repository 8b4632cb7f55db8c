package dev.kiln.credits.api;

import java.time.Instant;

import dev.kiln.credits.ledger.LedgerEntry;

/** A grant as recorded in the grantee's ledger, with the grantee's balances right after it. */
public record GrantView(long id, String userId, long amount, String reason, long available, long reserved,
        Instant createdAt) {

    static GrantView of(LedgerEntry entry) {
        return new GrantView(entry.id(), entry.userId(), entry.amount(), entry.reason(), entry.availableAfter(),
                entry.reservedAfter(), entry.createdAt());
    }
}
