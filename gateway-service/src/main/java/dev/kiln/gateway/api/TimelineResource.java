package dev.kiln.gateway.api;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.gateway.identity.Caller;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import dev.kiln.gateway.timeline.Timeline;
import dev.kiln.gateway.timeline.Timelines;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What happened to one prediction, for operators (docs/gateway-service.md "Timeline", docs/observability.md). Admin
 * only, as the dead letters are. It runs on a worker thread and reads Kafka with a consumer of its own: nothing of
 * the submit and status paths is shared with it.
 */
@Path("/v1/admin/predictions")
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operators (role admin): dead letters, a prediction's timeline.")
public class TimelineResource {

    static final String EXAMPLE = """
            {
              "prediction_id": "7q3xk2m4d4hwbz6f5n3c5rjtaa",
              "read_at": "2026-11-28T10:00:07.000Z",
              "events": [
                {"time": "2026-11-28T10:00:00.010Z", "topic": "prediction.requested", "partition": 3, "offset": 1812,
                 "service": "gateway-service", "type": "prediction.requested", "outcome": "accepted",
                 "data": {"prediction_id": "7q3xk2m4d4hwbz6f5n3c5rjtaa", "user_id": "alice", "task": "jersey",
                          "mode": "speed", "cost": 1, "created_at": "2026-11-28T10:00:00.000Z"}},
                {"time": "2026-11-28T10:00:00.050Z", "topic": "credits.reservations", "partition": 3, "offset": 977,
                 "service": "credits-service", "type": "credits.reserved", "outcome": "reserved",
                 "data": {"prediction_id": "7q3xk2m4d4hwbz6f5n3c5rjtaa", "user_id": "alice", "amount": 1}},
                {"time": "2026-11-28T10:00:00.300Z", "topic": "prediction.dispatched", "partition": 3, "offset": 950,
                 "service": "gateway-service", "type": "prediction.dispatched", "outcome": "dispatched",
                 "data": {"provider_prediction_id": "gm3qorzdhgbfurvjtvhg6dckhu", "attempt": 1}},
                {"time": "2026-11-28T10:00:05.210Z", "topic": "prediction.completed", "partition": 3, "offset": 940,
                 "service": "webhook-service", "type": "prediction.completed", "outcome": "succeeded",
                 "data": {"status": "succeeded"}},
                {"time": "2026-11-28T10:00:05.600Z", "topic": "prediction.stored", "partition": 3, "offset": 931,
                 "service": "storage-service", "type": "prediction.stored", "outcome": "stored",
                 "data": {"objects": [{"index": 0, "key": "predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/0.png"}]}},
                {"time": "2026-11-28T10:00:05.700Z", "topic": "credits.settlements", "partition": 3, "offset": 902,
                 "service": "credits-service", "type": "credits.confirmed", "outcome": "confirmed",
                 "data": {"amount": 1, "available": 9, "reserved": 0}}
              ],
              "settlement": {"outcome": "confirmed", "amount": 1, "reserved_at": "2026-11-28T10:00:00.050Z",
                             "settled_at": "2026-11-28T10:00:05.700Z"},
              "stored_objects": [{"index": 0, "key": "predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/0.png",
                                  "url": "http://localhost:9000/kiln-outputs/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/0.png",
                                  "content_type": "image/png", "size_bytes": 48213,
                                  "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}],
              "status_store": {"present": true, "version": 5, "ttl_seconds": 86393,
                               "prediction": {"id": "7q3xk2m4d4hwbz6f5n3c5rjtaa", "status": "succeeded"}, "error": null},
              "durable_record": {"present": true, "version": 5, "updated_at": "2026-11-28T10:00:05.650Z",
                                 "prediction": {"id": "7q3xk2m4d4hwbz6f5n3c5rjtaa", "status": "succeeded"},
                                 "dispatch": {"provider": "replicate", "attempt": 1, "state": "created",
                                              "provider_prediction_id": "gm3qorzdhgbfurvjtvhg6dckhu",
                                              "cancel_requested": false, "cancel_attempts": 0,
                                              "cancel_answered_at": null},
                                 "error": null},
              "provider": null
            }""";

    private final Timelines timelines;

    TimelineResource(Timelines timelines) {
        this.timelines = timelines;
    }

    @GET
    @Path("/{id}/timeline")
    @Blocking
    @Operation(summary = "What happened to one prediction",
            description = "Its records on every Kiln topic, oldest first (time, topic, service, type, outcome), what"
                    + " credits decided, the stored objects, the status store entry with its TTL, the durable record"
                    + " and, while it is in flight, the provider's view. A part that could not be read says why in"
                    + " its error; Kafka not answering within a few seconds is 503.")
    @APIResponse(responseCode = "200", description = "The timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Timeline.class),
                    examples = @ExampleObject(name = "settled", value = EXAMPLE)))
    public Timeline timeline(@PathParam("id") String id) {
        if (!PredictionIds.isWellFormed(id)) {
            throw new UnknownPredictionException(id);
        }
        return timelines.of(id);
    }
}
