package dev.kiln.credits.ledger;

import java.util.Locale;

/** What happened to a prediction, as far as its credits are concerned. */
public enum Outcome {
    SUCCEEDED,
    FAILED,
    CANCELED,
    /** Its Cancel-After deadline came before it started: it never ran, and is never charged. */
    ABORTED,
    /** The prediction succeeded at the provider but its outputs could not be copied into our bucket. */
    STORAGE_FAILED;

    /** Recorded as the reason of the entry that settles the reservation. */
    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }
}
