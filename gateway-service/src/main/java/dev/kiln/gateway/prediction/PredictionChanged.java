package dev.kiln.gateway.prediction;

/**
 * A prediction changed: a CDI event that {@link Lifecycle} fires synchronously inside the transaction that records
 * the change, under the prediction's row lock, so that what an observer writes to PostgreSQL commits with the change
 * or not at all (the client webhooks' messages are such an outbox). Observers run on the consumer's worker thread and
 * must be quick; one that throws rolls the change back, and its event is tried again.
 */
public record PredictionChanged(Prediction before, Prediction after) {
}
