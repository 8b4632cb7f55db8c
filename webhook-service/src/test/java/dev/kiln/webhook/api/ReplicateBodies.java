package dev.kiln.webhook.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Webhook bodies as Replicate sends them: the whole prediction object. */
public final class ReplicateBodies {

    public static final String STARTED_AT = "2026-11-28T10:00:01.779176Z";
    public static final String COMPLETED_AT = "2026-11-28T10:00:05.2Z";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplicateBodies() {
    }

    public static ObjectNode prediction(String providerPredictionId, String status) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", providerPredictionId)
                .put("model", "kiln/jersey-speed")
                .put("version", "dp-0a1b2c")
                .put("status", status)
                .put("created_at", "2026-11-28T10:00:00.300Z")
                .put("data_removed", false)
                .put("source", "api");
        body.putObject("input").put("prompt", "A bold home kit");
        body.putNull("output");
        body.putNull("error");
        body.put("logs", "");
        body.putNull("started_at");
        body.putNull("completed_at");
        body.putObject("urls")
                .put("get", "https://api.replicate.com/v1/predictions/" + providerPredictionId)
                .put("cancel", "https://api.replicate.com/v1/predictions/" + providerPredictionId + "/cancel");
        if (!"starting".equals(status)) {
            body.put("started_at", STARTED_AT).put("logs", "rendering shirt\n");
        }
        return body;
    }

    public static ObjectNode succeeded(String providerPredictionId) {
        ObjectNode body = prediction(providerPredictionId, "succeeded")
                .put("completed_at", COMPLETED_AT)
                .put("logs", "rendering shirt\ndone\n");
        body.putArray("output").add(outputUrl(providerPredictionId));
        body.putObject("metrics").put("predict_time", 4.2).put("total_time", 4.9);
        return body;
    }

    public static String outputUrl(String providerPredictionId) {
        return "https://replicate.delivery/xezq/" + providerPredictionId + "/out-0.png";
    }
}
