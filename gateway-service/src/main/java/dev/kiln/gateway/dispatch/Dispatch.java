package dev.kiln.gateway.dispatch;

/** What the gateway sent to the provider for one prediction. */
public record Dispatch(String predictionId, String provider, int attempt, State state, boolean cancelRequested,
        String providerPredictionId) {

    public enum State {
        /** Recorded before the create call; still so after it only if the gateway crashed or the call is running. */
        CREATING,
        CREATED,
        FAILED,
        /** Canceled before any create: no provider prediction exists, and none will be made. */
        CANCELED
    }
}
