package dev.kiln.webhook.recovery;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * Replicate's {@code GET /v1/predictions/{id}}: the prediction object, the same body a webhook carries. Read as text
 * so that it goes through exactly the parsing a webhook's body does. Built per provider (each has its own base URL).
 */
@Path("/v1/predictions")
public interface PredictionClient {

    /** Completes with the body on 2xx; fails with a WebApplicationException carrying the status otherwise. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> get(@PathParam("id") String providerPredictionId, @HeaderParam("Authorization") String authorization);
}
