package dev.kiln.webhook;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.dispatches.DispatchStore;
import dev.kiln.webhook.events.Channels;

/** Publishes prediction.dispatched as the gateway does (CloudEvents binary headers), checked against the contract. */
public final class Dispatches {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AsyncApiContract CONTRACT = AsyncApiContract.load();

    private Dispatches() {
    }

    /** The JSON of a prediction.dispatched event, valid by docs/asyncapi.yaml. */
    public static String event(String predictionId, String provider, String providerPredictionId, int attempt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("prediction_id", predictionId);
        event.put("provider", provider);
        event.put("provider_prediction_id", providerPredictionId);
        event.put("model", "kiln/jersey-speed");
        event.put("attempt", attempt);
        event.put("occurred_at", Instant.now().toString());
        String json;
        try {
            json = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        CONTRACT.assertValid(Channels.PREDICTION_DISPATCHED_TOPIC, Channels.PREDICTION_DISPATCHED_TYPE, json);
        return json;
    }

    /** Publishes prediction.dispatched and waits until webhook-service has recorded it. */
    public static void recorded(KafkaProbe kafka, DispatchStore store, String predictionId, String provider,
            String providerPredictionId, int attempt) {
        kafka.send(Channels.PREDICTION_DISPATCHED_TOPIC, predictionId, Channels.PREDICTION_DISPATCHED_TYPE,
                event(predictionId, provider, providerPredictionId, attempt));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.findByProviderPrediction(provider, providerPredictionId)
                .await().atMost(Duration.ofSeconds(5)).isPresent());
    }
}
