package dev.kiln.gateway.dispatch;

/** What the gateway reads of the provider's prediction object. */
public record ProviderPrediction(String id, String status) {
}
