package dev.kiln.gateway.prediction;

/** No prediction has this id, neither in Redis nor in PostgreSQL. */
public class UnknownPredictionException extends RuntimeException {

    private final String id;

    public UnknownPredictionException(String id) {
        super("No prediction has the id " + id);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
