package dev.kiln.gateway.prediction;

/**
 * A prediction reached a terminal status (succeeded, failed, canceled): a CDI event that {@link Lifecycle} fires
 * once the change is committed (the row lock lets one change per prediction win), on a worker thread. Observers
 * must not throw: the change is done whatever they do.
 */
public record PredictionEnded(String id, String owner, PredictionStatus status) {
}
