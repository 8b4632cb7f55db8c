package dev.kiln.gateway.api;

import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;

import dev.kiln.gateway.clientwebhooks.WebhookMessages;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The delivery log of a prediction's webhook: each message (one event) with every attempt to deliver it, and a
 * redelivery of one message on request. Whoever may read the prediction may read and redeliver (its owner, an
 * admin); the same answers as GET /v1/predictions/{id} otherwise.
 */
@Path("/v1/predictions/{id}/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "webhooks")
public class WebhookDeliveriesResource {

    static final String EXAMPLE = """
            {"prediction_id": "7q3xk2m4d4hwbz6f5n3c5rjtaa", "deliveries": [
              {"n": 1, "event": "start", "webhook_id": "msg_7q3xk2m4d4hwbz6f5n3c5rjtaa_1", "state": "delivered",
               "created_at": "2026-11-28T10:00:01.020Z", "next_attempt_at": null, "note": null,
               "attempts": [
                 {"attempt": 1, "attempted_at": "2026-11-28T10:00:01.300Z", "status_code": 500, "latency_ms": 41,
                  "error": "HTTP 500"},
                 {"attempt": 2, "attempted_at": "2026-11-28T10:00:06.410Z", "status_code": 204, "latency_ms": 38,
                  "error": null}]},
              {"n": 2, "event": "completed", "webhook_id": "msg_7q3xk2m4d4hwbz6f5n3c5rjtaa_2", "state": "pending",
               "created_at": "2026-11-28T10:00:05.700Z", "next_attempt_at": "2026-11-28T10:00:10.900Z", "note": null,
               "attempts": [
                 {"attempt": 1, "attempted_at": "2026-11-28T10:00:05.900Z", "status_code": null, "latency_ms": 15002,
                  "error": "no answer within 15 s"}]}]}""";

    static final String REDELIVERED = """
            {"n": 1, "event": "start", "webhook_id": "msg_7q3xk2m4d4hwbz6f5n3c5rjtaa_1", "state": "pending",
             "created_at": "2026-11-28T10:00:01.020Z", "next_attempt_at": "2026-11-28T10:05:00.000Z", "note": null,
             "attempts": [
               {"attempt": 1, "attempted_at": "2026-11-28T10:00:01.300Z", "status_code": 204, "latency_ms": 41,
                "error": null}]}""";

    /** The log: the prediction's messages, oldest first. */
    public record DeliveryLog(String predictionId, List<WebhookMessages.Message> deliveries) {
    }

    private final WebhookMessages messages;
    private final PredictionReads reads;

    WebhookDeliveriesResource(WebhookMessages messages, PredictionReads reads) {
        this.messages = messages;
        this.reads = reads;
    }

    @GET
    @Operation(summary = "The delivery log of the prediction's webhook", description = "Each message (n, event,"
            + " webhook-id, state pending/delivered/failed/disabled, next attempt) with its attempts (time, status"
            + " code, latency, error), oldest first. Empty for a prediction without a webhook.")
    @APIResponse(responseCode = "200", description = "The log", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryLog.class),
            examples = @ExampleObject(name = "retried", value = EXAMPLE)))
    public DeliveryLog log(@PathParam("id") String id, @Context HttpServerRequest http) {
        checkReadable(id, http);
        return new DeliveryLog(id, messages.log(id));
    }

    @POST
    @Path("/{n}/redeliver")
    @Operation(summary = "Deliver message n again", description = "One more attempt at once, with the same"
            + " webhook-id and a new timestamp and signature, whatever the message's state; also to an endpoint"
            + " disabled by a 410 (answered 2xx, it is enabled again). The log shows the attempt.")
    @APIResponse(responseCode = "202", description = "The message, due now", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookMessages.Message.class),
            examples = @ExampleObject(name = "redelivered", value = REDELIVERED)))
    public RestResponse<WebhookMessages.Message> redeliver(@PathParam("id") String id, @PathParam("n") String n,
            @Context HttpServerRequest http) {
        checkReadable(id, http);
        int number = messageNumber(id, n);
        if (!messages.redeliver(id, number)) {
            throw unknownMessage(id, n);
        }
        WebhookMessages.Message message = messages.log(id).stream().filter(m -> m.n() == number).findFirst()
                .orElseThrow(() -> unknownMessage(id, n));
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED, message).build();
    }

    private void checkReadable(String id, HttpServerRequest http) {
        reads.readable(http, id).await().indefinitely();
    }

    private static int messageNumber(String id, String n) {
        try {
            int number = Integer.parseInt(n);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw unknownMessage(id, n);
    }

    private static ProblemException unknownMessage(String id, String n) {
        return new ProblemException(ProblemType.NOT_FOUND, "The prediction " + id + " has no webhook message " + n
                + ": GET /v1/predictions/" + id + "/webhook-deliveries lists them, numbered from 1.");
    }
}
