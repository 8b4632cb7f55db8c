package dev.kiln.gateway.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.eta.RunTimes;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StatusStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The prediction object with the two fields that change while it stands still: its {@code queue_position} (read
 * from the dispatch queue at the moment of the answer) and its {@code eta} (from its mode's recent run times). The
 * stored JSON carries the eta of its last change and no position; a prediction that waits for dispatch gets both as
 * they are now. Every answer that shows a prediction goes through here: GET, the list, the stream, submit, cancel.
 */
@ApplicationScoped
class PublicPredictions {

    private final RunTimes runTimes;
    private final StatusStore statuses;
    private final GatewayConfig config;
    private final ObjectMapper json;

    PublicPredictions(RunTimes runTimes, StatusStore statuses, GatewayConfig config, ObjectMapper json) {
        this.runTimes = runTimes;
        this.statuses = statuses;
        this.config = config;
        this.json = json;
    }

    /** The object of a prediction whose position is known (null: not waiting for dispatch). */
    PublicPrediction of(Prediction prediction, Integer queuePosition) {
        return PublicPrediction.of(prediction, config.publicUrl(), queuePosition, runTimes.eta(prediction));
    }

    /** The object of a prediction as it is now, its position read from the dispatch queue. */
    Uni<PublicPrediction> now(Prediction prediction) {
        if (prediction.status() != PredictionStatus.STARTING) {
            return Uni.createFrom().item(of(prediction, null));
        }
        return statuses.queuePositions(List.of(prediction.id())).map(positions -> of(prediction, positions.get(0)));
    }

    /** The objects of a page of predictions, the positions of those starting read in one round trip. */
    Uni<List<PublicPrediction>> now(List<Prediction> predictions) {
        List<String> starting = predictions.stream().filter(p -> p.status() == PredictionStatus.STARTING)
                .map(Prediction::id).toList();
        return statuses.queuePositions(starting).map(positions -> predictions.stream()
                .map(prediction -> {
                    int index = starting.indexOf(prediction.id());
                    return of(prediction, index < 0 ? null : positions.get(index));
                }).toList());
    }

    /**
     * The stored JSON of a prediction, with its position when it waits for dispatch (and the eta that goes with
     * it); as it is, with no work at all, when it does not.
     */
    String withPosition(String stored, Integer queuePosition) {
        if (queuePosition == null) {
            return stored;
        }
        try {
            JsonNode read = json.readTree(stored);
            if (!(read instanceof ObjectNode object)) {
                return stored;
            }
            object.put("queue_position", queuePosition);
            Instant eta = runTimes.eta(object.path("task").asText(), object.path("mode").asText(),
                    object.path("estimated_seconds").asInt(), PredictionStatus.fromWireName(object.path("status")
                            .asText()), instant(object.path("created_at")), instant(object.path("started_at")));
            if (eta != null) {
                object.put("eta", eta.toString());
            }
            return json.writeValueAsString(object);
        } catch (JsonProcessingException | RuntimeException unreadable) {
            return stored; // the position is an extra: never a reason to fail a read
        }
    }

    private static Instant instant(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
