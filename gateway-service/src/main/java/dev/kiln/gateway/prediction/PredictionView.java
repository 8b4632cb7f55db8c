package dev.kiln.gateway.prediction;

/**
 * What a status read serves, as JSON: the API decides its shape (api.PublicPredictionView), and the status store
 * keeps it ready so that a read is one Redis call and no serialisation.
 */
public interface PredictionView {

    String toJson(Prediction prediction);
}
