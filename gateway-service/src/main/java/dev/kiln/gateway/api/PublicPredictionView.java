package dev.kiln.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionView;
import jakarta.enterprise.context.ApplicationScoped;

/** The JSON that GET /v1/predictions/{id} serves, written into the status store with every change. */
@ApplicationScoped
class PublicPredictionView implements PredictionView {

    private final ObjectMapper json;
    private final GatewayConfig config;

    PublicPredictionView(ObjectMapper json, GatewayConfig config) {
        this.json = json;
        this.config = config;
    }

    @Override
    public String toJson(Prediction prediction) {
        try {
            return json.writeValueAsString(PublicPrediction.of(prediction, config.publicUrl()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The prediction " + prediction.id() + " cannot be shown", e);
        }
    }
}
