package dev.kiln.gateway.dispatch;

import dev.kiln.gateway.prediction.PredictionError;

/** The provider did not take the job: it refused it, or kept failing until the last try. */
public class ProviderFailedException extends RuntimeException {

    private final PredictionError error;

    ProviderFailedException(PredictionError error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public PredictionError error() {
        return error;
    }
}
