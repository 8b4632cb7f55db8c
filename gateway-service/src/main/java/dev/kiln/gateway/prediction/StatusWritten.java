package dev.kiln.gateway.prediction;

/**
 * A prediction's change is in Redis, where status reads and live streams read it: a CDI event that {@link Lifecycle}
 * fires synchronously once the status store has the change, so that this replica's open streams and waits look at
 * once, instead of when the change's Kafka record reaches them (which may be before the change is written: then they
 * look again after {@code kiln.gateway.live.catch-up-delay}). Observers run on the consumer's worker thread and must
 * be quick.
 */
public record StatusWritten(String predictionId) {
}
