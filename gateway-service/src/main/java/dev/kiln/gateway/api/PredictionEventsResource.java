package dev.kiln.gateway.api;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import dev.kiln.gateway.live.LiveEvent;
import dev.kiln.gateway.live.LiveStatus;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * A prediction's live status as Server-Sent Events (the prediction object's {@code urls.stream}): its changes so far,
 * then each change as it happens, the terminal object last, and a keep-alive comment in between. Who may read the
 * prediction may follow it; a bad id is the 404 problem that GET answers. No thread waits for an open stream.
 */
@Path("/v1/predictions/{id}/events")
public class PredictionEventsResource {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

    private final PredictionReads reads;
    private final LiveStatus live;
    private final StatusStore statuses;
    private final PublicPredictions publicPredictions;

    PredictionEventsResource(PredictionReads reads, LiveStatus live, StatusStore statuses,
            PublicPredictions publicPredictions) {
        this.reads = reads;
        this.live = live;
        this.statuses = statuses;
        this.publicPredictions = publicPredictions;
    }

    /**
     * Opening a stream takes a worker thread for its one read (the answer's status is decided by then: SSE commits
     * the 200 with the first byte); the open stream then holds none.
     */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow a prediction live (Server-Sent Events)", description = "Events status (the status"
            + " changed), progress (new logs or progress) and done (the terminal object, last; the stream then"
            + " closes), each with the prediction object as data and an id; a ': keep-alive' comment every 15 s."
            + " Last-Event-ID resumes after that event. Who may GET the prediction may follow it.")
    @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER, example = "1764756000456-0",
            description = "The id of the last event received: the stream starts after it.")
    @APIResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "a speed jersey", value = PredictionExamples.STREAM)))
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @RestHeader(LAST_EVENT_ID) String lastEventId,
            @Context HttpServerRequest http, @Context Sse sse) {
        if (lastEventId != null && !StatusStore.isHistoryEntryId(lastEventId.trim())) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The " + LAST_EVENT_ID + " header '"
                    + lastEventId + "' is not an id this stream sent: send the id of the last event you received"
                    + " as it was (such as 1764746400123-0), or no header to start from the first change.");
        }
        String after = lastEventId == null ? null : lastEventId.trim();
        // Decided before the stream starts, so that a refusal is a problem answer and not a stream that breaks off.
        StatusStore.OwnedJson readable = reads.readable(http, id).await().atMost(SETUP_TIMEOUT);
        return live.follow(id, after, readable.json())
                .onItem().transformToUniAndConcatenate(event -> withQueuePosition(id, event))
                .map(event -> outbound(sse, event));
    }

    /** A change sent while the prediction waits for dispatch carries its position (and eta) as they are now. */
    private Uni<LiveEvent> withQueuePosition(String id, LiveEvent event) {
        if (event.isKeepAlive() || event.isDone() || event.data() == null) {
            return Uni.createFrom().item(event);
        }
        return statuses.queuePositions(List.of(id))
                .map(positions -> new LiveEvent(event.id(), event.name(),
                        publicPredictions.withPosition(event.data(), positions.get(0))))
                .onFailure().recoverWithItem(event);
    }

    private static OutboundSseEvent outbound(Sse sse, LiveEvent event) {
        if (event.isKeepAlive()) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        var builder = sse.newEventBuilder().name(event.name()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, event.data());
        if (event.id() != null) {
            builder.id(event.id());
        }
        return builder.build();
    }
}
