package dev.kiln.simulator.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.callbacks.Delivery;
import dev.kiln.simulator.callbacks.PredictionCallbacks;
import dev.kiln.simulator.prediction.Prediction;
import dev.kiln.simulator.prediction.PredictionStore;
import io.smallrye.common.annotation.NonBlocking;

/** Every webhook attempt of a prediction, oldest first: what was sent, when, and what the receiver answered. */
@Path("/_sim/predictions/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class DeliveriesResource {

    private final PredictionStore store;

    public DeliveriesResource(PredictionStore store) {
        this.store = store;
    }

    @GET
    public List<Delivery> list(@PathParam("id") String id) {
        Prediction prediction = store.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No prediction " + id + "."));
        PredictionCallbacks callbacks = prediction.callbacks();
        return callbacks == null ? List.of() : callbacks.deliveries();
    }
}
