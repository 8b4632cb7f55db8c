package dev.kiln.credits.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import dev.kiln.credits.ledger.LedgerEntry;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * A page of an account's ledger, newest first. {@code next} is the cursor of the following page, null on the last
 * one; it is opaque to clients, who pass it back as it came.
 */
public record LedgerPage(List<Entry> entries, String next) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private static final String CURSOR_PREFIX = "before:";

    public record Entry(long id, String kind, long amount, String predictionId, String reason, long availableAfter,
            long reservedAfter, Instant createdAt) {

        static Entry of(LedgerEntry entry) {
            return new Entry(entry.id(), entry.kind().column(), entry.amount(), entry.predictionId(), entry.reason(),
                    entry.availableAfter(), entry.reservedAfter(), entry.createdAt());
        }
    }

    /** The page of the user's ledger that the cursor points to (the newest when null) and the limit allows. */
    static LedgerPage read(String userId, String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "limit must be between 1 and " + MAX_LIMIT + ", not " + size + ".");
        }
        // One more than asked tells whether another page follows.
        List<LedgerEntry> entries = LedgerEntry.findPage(userId, before(cursor), size + 1);
        boolean more = entries.size() > size;
        List<LedgerEntry> page = more ? entries.subList(0, size) : entries;
        return new LedgerPage(page.stream().map(Entry::of).toList(),
                more ? cursorBefore(page.get(page.size() - 1).id()) : null);
    }

    /** Entries' ids only grow, so "older than the last entry shown" is a stable place to go on from. */
    private static String cursorBefore(long id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long before(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                long id = Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // not Base64 or not a number (NumberFormatException is one): answered below
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
                "cursor is not one this endpoint returned: " + cursor + "; pass next as it came.");
    }
}
