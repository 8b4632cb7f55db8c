package dev.kiln.credits.api;

import java.time.Instant;
import java.util.List;

import dev.kiln.credits.ledger.LedgerEntry;

/** A page of an account's ledger, newest first; {@code next_cursor} is null on the last page. */
public record LedgerPage(List<Entry> entries, String nextCursor) {

    public record Entry(long id, String predictionId, String kind, long amount, String reason, Instant createdAt) {

        static Entry of(LedgerEntry entry) {
            return new Entry(entry.id(), entry.predictionId(), entry.kind().column(), entry.amount(), entry.reason(),
                    entry.createdAt());
        }
    }
}
