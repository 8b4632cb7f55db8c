package dev.kiln.gateway.dispatch;

import dev.kiln.gateway.prediction.Prediction;

/** The prediction has already finished; it can no longer be canceled. */
public class AlreadyTerminalException extends RuntimeException {

    private final transient Prediction prediction;

    public AlreadyTerminalException(Prediction prediction) {
        super("Prediction " + prediction.id() + " has already " + prediction.status().wireName()
                + " and can no longer be canceled.");
        this.prediction = prediction;
    }

    public Prediction prediction() {
        return prediction;
    }
}
