package dev.kiln.webhook.dispatches;

/**
 * What the gateway recorded when it dispatched: our prediction runs as this provider's prediction. {@code finished}
 * once its terminal outcome was published, by a webhook or by the recovery: later news of it changes nothing.
 */
public record DispatchRecord(String predictionId, String provider, String providerPredictionId, int attempt,
        boolean finished) {

    /** A dispatch whose outcome is still to come. */
    public DispatchRecord(String predictionId, String provider, String providerPredictionId, int attempt) {
        this(predictionId, provider, providerPredictionId, attempt, false);
    }

    /** Whether this dispatch created exactly that provider prediction. */
    public boolean isProviderPrediction(String provider, String providerPredictionId) {
        return this.provider.equals(provider) && this.providerPredictionId.equals(providerPredictionId);
    }
}
