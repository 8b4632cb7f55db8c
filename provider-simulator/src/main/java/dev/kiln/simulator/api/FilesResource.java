package dev.kiln.simulator.api;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.prediction.Prediction;
import dev.kiln.simulator.prediction.PredictionStore;
import dev.kiln.simulator.render.RenderedImages;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Output files, as replicate.delivery serves them: no authentication, gone once the prediction's data is removed.
 * A canceled or failed prediction has no file.
 */
@Path("/files")
@NonBlocking
public class FilesResource {

    private final PredictionStore store;
    private final RenderedImages images;

    public FilesResource(PredictionStore store, RenderedImages images) {
        this.store = store;
        this.images = images;
    }

    @GET
    @Path("/{id}/{index: [0-9]+}.png")
    public CompletionStage<Response> png(@PathParam("id") String id, @PathParam("index") int index) {
        Prediction prediction = store.find(id)
                .filter(p -> index == 0 && p.servesOutput())
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                        "No output file " + index + " for prediction " + id + "."));
        return images.png(prediction.design())
                .thenApply(png -> Response.ok(png, "image/png")
                        .header("Cache-Control", "private, max-age=3600")
                        .build());
    }
}
