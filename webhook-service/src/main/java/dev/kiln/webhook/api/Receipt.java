package dev.kiln.webhook.api;

/** The 200 answer to a webhook: what became of it. */
public record Receipt(String outcome) {

    /** Its event was published and acked. */
    static final Receipt PUBLISHED = new Receipt("published");
    /** Its webhook-id was processed before; dropped. */
    static final Receipt DUPLICATE = new Receipt("duplicate");
    /** Verified before its dispatch was recorded: held, and relayed once the dispatch is recorded (issue 9). */
    static final Receipt HELD = new Receipt("held");
    /** The prediction's outcome was published before (by an earlier webhook or by the recovery); nothing published. */
    static final Receipt ALREADY_FINISHED = new Receipt("already_finished");
    /** A stray provider prediction, now canceled; nothing published. */
    static final Receipt STRAY_CANCELED = new Receipt("stray_canceled");
    /** A stray provider prediction that had already finished; nothing published, nothing to cancel. */
    static final Receipt STRAY_FINISHED = new Receipt("stray_finished");
}
