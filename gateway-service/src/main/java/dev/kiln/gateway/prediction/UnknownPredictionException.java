package dev.kiln.gateway.prediction;

/** No prediction has this id, neither in Redis nor in PostgreSQL. */
public class UnknownPredictionException extends RuntimeException {

    public UnknownPredictionException(String id) {
        super("No prediction has the id " + id);
    }
}
