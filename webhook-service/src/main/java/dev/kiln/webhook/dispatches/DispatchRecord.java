package dev.kiln.webhook.dispatches;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What the gateway recorded when it dispatched: our prediction runs as this provider's prediction. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DispatchRecord(String predictionId, String provider, String providerPredictionId, int attempt) {

    /** Whether this dispatch created exactly that provider prediction. */
    public boolean isProviderPrediction(String provider, String providerPredictionId) {
        return this.provider.equals(provider) && this.providerPredictionId.equals(providerPredictionId);
    }
}
