package dev.kiln.webhook.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.kiln.cloudevents.IncomingEvent;
import dev.kiln.cloudevents.UnreadableEventException;

/** asyncapi PredictionDispatched, as the gateway publishes it: which provider prediction runs which of ours. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionDispatched(
        String predictionId,
        String provider,
        String providerPredictionId,
        String model,
        int attempt,
        Instant occurredAt) implements IncomingEvent {

    @Override
    public void check() {
        IncomingEvent.checkPredictionId(predictionId);
        IncomingEvent.checkPresent(provider, "provider");
        IncomingEvent.checkPresent(providerPredictionId, "provider_prediction_id");
        if (attempt < 1) {
            throw new UnreadableEventException("attempt must be 1 or more: " + attempt);
        }
    }
}
