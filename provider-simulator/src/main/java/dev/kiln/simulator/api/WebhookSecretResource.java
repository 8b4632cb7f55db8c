package dev.kiln.simulator.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.kiln.simulator.callbacks.SigningSecret;
import io.smallrye.common.annotation.NonBlocking;

/** The account's webhook signing secret, as Replicate hands it out. */
@Path("/v1/webhooks/default/secret")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class WebhookSecretResource {

    private final SigningSecret secret;

    public WebhookSecretResource(SigningSecret secret) {
        this.secret = secret;
    }

    /** The secret as it is now: after a rotation, the new one. */
    @GET
    public WebhookSecret get() {
        return new WebhookSecret(secret.value());
    }

    public record WebhookSecret(String key) {
    }
}
