package dev.kiln.gateway.api;

import dev.kiln.gateway.clientwebhooks.WebhookSecrets;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's webhook signing secret, as Replicate's {@code GET /v1/webhooks/default/secret}: one per user, made
 * on first use; every delivery to the caller's webhooks is signed with it (Standard Webhooks).
 */
@Path("/v1/webhooks/default/secret")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
@Tag(name = "webhooks")
public class WebhookSecretResource {

    /** The secret: {@code whsec_} and the base64 key, as Standard Webhooks libraries take it. */
    public record WebhookSecret(@Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String key) {
    }

    private final WebhookSecrets secrets;
    private final SecurityIdentity identity;

    WebhookSecretResource(WebhookSecrets secrets, SecurityIdentity identity) {
        this.secrets = secrets;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Your webhook signing secret", description = "Verify each delivery to your webhooks with"
            + " it and a Standard Webhooks library (headers webhook-id, webhook-timestamp, webhook-signature)."
            + " Signed-in callers only.")
    @APIResponse(responseCode = "200", description = "The secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookSecret.class),
            examples = @ExampleObject(name = "secret", value = "{\"key\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}")))
    public WebhookSecret secret() {
        return new WebhookSecret(secrets.of(identity.getPrincipal().getName()));
    }
}
