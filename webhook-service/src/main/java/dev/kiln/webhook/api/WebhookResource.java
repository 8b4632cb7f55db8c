package dev.kiln.webhook.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * Provider callbacks. The body is taken as raw bytes: the signature covers those, never re-serialised JSON. Providers
 * send JSON (Replicate and Standard Webhooks both say so); any other media type is refused with 415 before the
 * signature is looked at.
 */
@Path("/v1/webhooks")
public class WebhookResource {

    private final WebhookIntake intake;

    WebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    /** 200 once the event is durable in Kafka (or the webhook was a duplicate or a stray); else a problem. */
    @POST
    @Path("/{provider}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Receipt> receive(@PathParam("provider") String provider,
            @QueryParam("prediction_id") String hintedPredictionId, @QueryParam("attempt") String hintedAttempt,
            @Context HttpHeaders headers, byte[] body) {
        return intake.receive(provider, headers.getRequestHeaders(), body,
                CallbackHint.of(hintedPredictionId, hintedAttempt));
    }
}
