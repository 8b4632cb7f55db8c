package dev.kiln.webhook.stray;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;

/** Replicate's {@code POST /v1/predictions/{id}/cancel}; built per provider because each has its own base URL. */
@Path("/v1/predictions")
public interface CancelClient {

    /** Completes on 2xx; fails with a WebApplicationException carrying the status otherwise. */
    @POST
    @Path("/{id}/cancel")
    Uni<Void> cancel(@PathParam("id") String providerPredictionId, @HeaderParam("Authorization") String authorization);
}
