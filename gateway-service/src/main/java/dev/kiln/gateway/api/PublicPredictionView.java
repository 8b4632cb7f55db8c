package dev.kiln.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.eta.RunTimes;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionView;
import jakarta.enterprise.context.ApplicationScoped;

/** The JSON that GET /v1/predictions/{id} serves, written into the status store with every change. */
@ApplicationScoped
class PublicPredictionView implements PredictionView {

    private final ObjectMapper json;
    private final GatewayConfig config;
    private final RunTimes runTimes;

    PublicPredictionView(ObjectMapper json, GatewayConfig config, RunTimes runTimes) {
        this.json = json;
        this.config = config;
        this.runTimes = runTimes;
    }

    @Override
    public String toJson(Prediction prediction) {
        try {
            // The eta as of this change; no queue position, which changes without the prediction (PublicPredictions).
            return json.writeValueAsString(PublicPrediction.of(prediction, config.publicUrl(), null,
                    runTimes.eta(prediction)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The prediction " + prediction.id() + " cannot be shown", e);
        }
    }
}
