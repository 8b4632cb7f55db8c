package dev.kiln.credits.ledger;

/** A grant's ledger entry, and whether it was recorded just now or by an earlier order under the same key. */
public record Granted(LedgerEntry entry, boolean replayed) {
}
