package dev.kiln.webhook.verify;

/** What the replay guard knows of a webhook-id. */
public enum ReplayClaim {
    /** Never seen: this delivery processes it. */
    FIRST,
    /** Processed before: acknowledge and drop. */
    SEEN,
    /** Another delivery of it is being processed right now: ask the provider to retry. */
    IN_FLIGHT
}
