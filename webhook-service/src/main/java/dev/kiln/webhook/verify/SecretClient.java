package dev.kiln.webhook.verify;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/** The provider's webhook-secret endpoint; built per provider because each has its own base URL. */
@Path("/v1/webhooks/default/secret")
public interface SecretClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SigningSecret> fetch(@HeaderParam("Authorization") String authorization);
}
