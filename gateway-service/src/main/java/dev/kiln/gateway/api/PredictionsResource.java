package dev.kiln.gateway.api;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.deadlines.CancelAfter;
import dev.kiln.gateway.deadlines.DeadlinesConfig;
import dev.kiln.gateway.dispatch.Cancellation;
import dev.kiln.gateway.identity.Caller;
import dev.kiln.gateway.identity.Callers;
import dev.kiln.gateway.identity.Permissions;
import dev.kiln.gateway.idempotency.IdempotentRequests;
import dev.kiln.gateway.limits.LimitedSubmission;
import dev.kiln.gateway.live.LiveConfig;
import dev.kiln.gateway.live.LiveStatus;
import dev.kiln.gateway.prediction.Gallery;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import dev.kiln.gateway.tasks.Models;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The predictions API. Submit and status run on the event loop and never wait: a submit is a Redis script for the
 * caller's limits (and two for an Idempotency-Key), one Redis write and one acknowledged Kafka send; a status read
 * is one Redis read (PostgreSQL only once the status has expired).
 */
@Path("/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionsResource {

    private final TaskCatalog catalog;
    private final SubmitRequests submitRequests;
    private final IdempotentRequests idempotentRequests;
    private final LimitedSubmission limitedSubmission;
    private final StatusStore statuses;
    private final Lifecycle lifecycle;
    private final Cancellation cancellation;
    private final GatewayConfig config;
    private final Callers callers;
    private final Permissions permissions;
    private final Gallery gallery;
    private final DeadlinesConfig deadlines;
    private final PredictionReads reads;
    private final LiveStatus live;
    private final LiveConfig liveConfig;
    private final ObjectMapper objectMapper;
    private final PublicPredictions publicPredictions;

    PredictionsResource(TaskCatalog catalog, SubmitRequests submitRequests, IdempotentRequests idempotentRequests,
            LimitedSubmission limitedSubmission, StatusStore statuses, Lifecycle lifecycle, Cancellation cancellation,
            GatewayConfig config, Callers callers, Permissions permissions, Gallery gallery,
            DeadlinesConfig deadlines, PredictionReads reads, LiveStatus live, LiveConfig liveConfig,
            ObjectMapper objectMapper, PublicPredictions publicPredictions) {
        this.catalog = catalog;
        this.submitRequests = submitRequests;
        this.idempotentRequests = idempotentRequests;
        this.limitedSubmission = limitedSubmission;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
        this.cancellation = cancellation;
        this.config = config;
        this.callers = callers;
        this.permissions = permissions;
        this.gallery = gallery;
        this.deadlines = deadlines;
        this.reads = reads;
        this.live = live;
        this.liveConfig = liveConfig;
        this.objectMapper = objectMapper;
        this.publicPredictions = publicPredictions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a prediction", description = "Answers 202 at once with the prediction object, or, with"
            + " Prefer: wait=N, holds the answer until the prediction is terminal (201) or N s have passed (202)."
            + " The body names the model by task and mode, or by version as Replicate's create does.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "task and mode", value = "{\"task\":\"jersey\",\"mode\":\"speed\","
                    + "\"input\":{\"prompt\":\"A bold home kit\",\"team_name\":\"Kiln FC\"}}"),
            @ExampleObject(name = "version (Replicate)", value = "{\"version\":\"kiln/jersey-speed\","
                    + "\"input\":{\"prompt\":\"A bold home kit\",\"team_name\":\"Kiln FC\"}}")}))
    @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, example = PreferWait.OPENAPI_EXAMPLE,
            description = PreferWait.OPENAPI_DESCRIPTION)
    @SubmitAnswers
    public Uni<RestResponse<PublicPrediction>> submit(JsonNode body,
            @RestHeader(IdempotentRequests.HEADER) String idempotencyKey,
            @RestHeader(CancelAfter.HEADER) String cancelAfter, @RestHeader(PreferWait.HEADER) String prefer,
            @Context HttpServerRequest http) {
        return submit(null, body, idempotencyKey, cancelAfter, prefer, http);
    }

    /**
     * A submit of POST /v1/predictions ({@code routeModel} null), or of the model route (api.ModelsResource), whose
     * path names the model: the same validation, Idempotency-Key, limits, Prefer: wait and answers.
     */
    Uni<RestResponse<PublicPrediction>> submit(Models.Model routeModel, JsonNode body, String idempotencyKey,
            String cancelAfter, String prefer, HttpServerRequest http) {
        // The caller first: a bad token is a 401 whatever the body holds.
        Uni<RestResponse<PublicPrediction>> answer = callers.current(http).chain(caller -> {
            SubmitRequest request = submitRequests.read(body, caller, routeModel);
            var mode = catalog.mode(request.task(), request.mode()).orElseThrow();
            // Every prediction has a deadline: the caller's Cancel-After, or the global maximum.
            Duration lifetime = cancelAfter == null ? deadlines.maximum()
                    : CancelAfter.parse(cancelAfter, deadlines.minimum(), deadlines.maximum());
            permissions.checkSubmit(caller, request.mode());
            // A retry of a submit whose first outcome was uncertain submits the same prediction (same id) again.
            // The route's model is part of what a key stands for, as if the body had named it as its version.
            JsonNode keyed = routeModel == null ? body
                    : ((ObjectNode) body.deepCopy()).put("version", routeModel.fullName());
            // The webhook's host is looked up (off the event loop) only when there is one and it is a name.
            return submitRequests.webhookReachable(request).chain(() -> idempotentRequests.once(caller.id(),
                    idempotencyKey, keyed, PublicPrediction.class, resumed -> {
                Instant now = Instant.now();
                Prediction prediction = Prediction.requested(resumed != null ? resumed : PredictionIds.next(),
                        caller.id(), request.task(), request.mode(), request.input(),
                        permissions.cost(caller, mode.cost()), mode.estimatedSeconds(), request.webhook(),
                        request.webhookEventsFilter(), now, now.plus(lifetime));
                return limitedSubmission.submit(prediction, caller.isAnonymous()).map(this::accepted);
            }));
        });
        // Checked before anything is submitted; the wait itself comes after the answer (a replay waits too).
        Optional<Duration> wait = PreferWait.parse(prefer, liveConfig.maxWaitSeconds());
        return wait.isEmpty() ? answer : answer.chain(accepted -> waited(accepted, wait.get()));
    }

    /**
     * {@code Prefer: wait=N}: the answer once the prediction is terminal (201, as Replicate answers a create: the
     * prediction exists and is complete), or after N s with whatever state it has then (202, as without the header;
     * the client goes on with {@code urls.stream} or {@code urls.get}). Nothing holds a thread meanwhile.
     */
    private Uni<RestResponse<PublicPrediction>> waited(RestResponse<PublicPrediction> accepted, Duration wait) {
        PublicPrediction submitted = accepted.getEntity();
        if (submitted == null || accepted.getStatus() != RestResponse.StatusCode.ACCEPTED) {
            return Uni.createFrom().item(accepted);
        }
        return live.ended(submitted.id(), json(submitted), wait)
                .chain(() -> statuses.find(submitted.id()))
                .chain(found -> found.map(publicPredictions::now).orElse(Uni.createFrom().item(submitted)))
                .onFailure().recoverWithItem(redisFailed -> submitted)
                .map(now -> {
                    var answer = RestResponse.ResponseBuilder.create(now.status().isTerminal()
                            ? RestResponse.Status.CREATED : RestResponse.Status.ACCEPTED, now);
                    accepted.getHeaders().forEach((name, values) -> values.forEach(value -> answer.header(name, value)));
                    return answer.header(PreferWait.APPLIED_HEADER, "wait=" + wait.toSeconds()).build();
                });
    }

    private String json(PublicPrediction prediction) {
        try {
            return objectMapper.writeValueAsString(prediction);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The prediction " + prediction.id() + " cannot be shown", e);
        }
    }

    private RestResponse<PublicPrediction> accepted(LimitedSubmission.Accepted accepted) {
        var answer = RestResponse.ResponseBuilder
                .create(RestResponse.Status.ACCEPTED,
                        publicPredictions.of(accepted.prediction(), accepted.queuePosition()))
                .location(URI.create(config.publicUrl() + "/v1/predictions/" + accepted.prediction().id()));
        accepted.admission().headers().forEach(answer::header);
        return answer.build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a prediction", description = "The prediction object as it is now; poll with backoff,"
            + " or follow urls.stream.")
    @APIResponse(responseCode = "200", description = "The prediction",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicPrediction.class),
                    examples = {@ExampleObject(name = "succeeded", value = PredictionExamples.SUCCEEDED),
                            @ExampleObject(name = "waiting for dispatch", value = PredictionExamples.STARTING),
                            @ExampleObject(name = "failed", value = PredictionExamples.FAILED)}))
    public Uni<String> get(@PathParam("id") String id, @Context HttpServerRequest http) {
        return reads.readable(http, id).map(StatusStore.OwnedJson::json);
    }

    /**
     * The caller's predictions, newest first (their gallery), {@code limit} a page, with the URL of the next page
     * while there is one. Signed-in users only: anonymous predictions belong to no one who could list them.
     */
    @GET
    @Authenticated
    @Blocking
    public PredictionList list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @Context HttpServerRequest http) {
        Caller caller = callers.current(http).await().indefinitely();
        int size = pageSize(limit);
        Gallery.Cursor after;
        try {
            after = cursor == null ? null : Gallery.Cursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "cursor is not one this API gave out: take"
                    + " the next URL of a page as it is.");
        }
        Gallery.PageOfPredictions page = gallery.page(caller.id(), after, size);
        return new PredictionList(
                publicPredictions.now(page.predictions()).await().atMost(QUEUE_READ_TIMEOUT),
                page.next().map(next -> config.publicUrl() + "/v1/predictions?limit=" + size + "&cursor="
                        + next.encode()).orElse(null), null);
    }

    /**
     * A page of the gallery, in Replicate's shape: {@code results}, the {@code next} page's URL (or null), and
     * {@code previous}, always null: the pages go forward only (Replicate's clients follow next).
     */
    public record PredictionList(List<PublicPrediction> results, String next, String previous) {
    }

    static final int DEFAULT_PAGE_SIZE = 20;
    private static final Duration QUEUE_READ_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_PAGE_SIZE = 100;

    private static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
                "limit must be a whole number from 1 to " + MAX_PAGE_SIZE + "; it was '" + limit + "'.");
    }

    @POST
    @Path("/{id}/cancel")
    @Blocking
    public RestResponse<PublicPrediction> cancel(@PathParam("id") String id, @Context HttpServerRequest http) {
        Caller caller = callers.current(http).await().indefinitely();
        if (!PredictionIds.isWellFormed(id)) {
            throw new UnknownPredictionException(id);
        }
        permissions.checkCancel(caller, lifecycle.find(id).owner(), id);
        Prediction prediction = cancellation.cancel(id);
        // Canceled, or being canceled at the provider: never waiting for dispatch any more.
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                publicPredictions.of(prediction, null)).build();
    }
}
