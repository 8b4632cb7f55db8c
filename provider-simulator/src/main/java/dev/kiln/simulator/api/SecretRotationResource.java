package dev.kiln.simulator.api;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.kiln.simulator.api.WebhookSecretResource.WebhookSecret;
import dev.kiln.simulator.callbacks.SigningSecret;
import io.smallrye.common.annotation.NonBlocking;

/**
 * A control beside the fault controls (and behind the same token): {@code POST /_sim/webhook-secret/rotate} rotates
 * the account's signing secret as a provider would, and answers the new one. Receivers that fetched the old secret
 * must notice on their own; that is what it is for.
 */
@Path("/_sim/webhook-secret")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class SecretRotationResource {

    private final SigningSecret secret;

    public SecretRotationResource(SigningSecret secret) {
        this.secret = secret;
    }

    @POST
    @Path("/rotate")
    public WebhookSecret rotate() {
        return new WebhookSecret(secret.rotate());
    }
}
