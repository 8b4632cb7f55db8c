package dev.kiln.gateway.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.dispatch.Cancellation;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.prediction.Submission;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The predictions API. Submit and status run on the event loop and never wait: a submit is one Redis write and
 * one acknowledged Kafka send, a status read is one Redis read (PostgreSQL only once the status has expired).
 */
@Path("/v1/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionsResource {

    private final TaskCatalog catalog;
    private final Submission submission;
    private final StatusStore statuses;
    private final Lifecycle lifecycle;
    private final Cancellation cancellation;
    private final GatewayConfig config;

    PredictionsResource(TaskCatalog catalog, Submission submission, StatusStore statuses, Lifecycle lifecycle,
            Cancellation cancellation, GatewayConfig config) {
        this.catalog = catalog;
        this.submission = submission;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
        this.cancellation = cancellation;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<PublicPrediction>> submit(SubmitRequest request, @Context HttpServerRequest http) {
        List<FieldError> errors = SubmitRules.check(request, catalog);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        var mode = catalog.mode(request.task(), request.mode()).orElseThrow();
        // Identity arrives with OIDC in a later issue; until then every caller is anonymous and pays nothing.
        String owner = "anonymous:" + http.remoteAddress().hostAddress();
        Prediction prediction = Prediction.requested(PredictionIds.next(), owner, request.task(), request.mode(),
                request.input(), 0, mode.estimatedSeconds(), request.webhook(), request.webhookEventsFilter(),
                Instant.now());
        return submission.submit(prediction)
                .map(accepted -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.ACCEPTED, PublicPrediction.of(accepted, config.publicUrl()))
                        .location(URI.create(config.publicUrl() + "/v1/predictions/" + accepted.id()))
                        .build());
    }

    @GET
    @Path("/{id}")
    public Uni<String> get(@PathParam("id") String id) {
        if (!PredictionIds.isWellFormed(id)) {
            throw new UnknownPredictionException(id);
        }
        return statuses.publicJson(id).chain(cached -> cached.isPresent()
                ? Uni.createFrom().item(cached.get())
                : fromDurableRecord(id));
    }

    /** After the Redis TTL: the durable record, put back into Redis for the polls that follow. */
    private Uni<String> fromDurableRecord(String id) {
        return Uni.createFrom().item(() -> lifecycle.findDurable(id))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(found -> {
                    Prediction prediction = found.orElseThrow(() -> new UnknownPredictionException(id));
                    return statuses.put(prediction).chain(() -> statuses.publicJson(id))
                            .map(json -> json.orElseThrow(() -> new UnknownPredictionException(id)));
                });
    }

    @POST
    @Path("/{id}/cancel")
    @Blocking
    public RestResponse<PublicPrediction> cancel(@PathParam("id") String id) {
        if (!PredictionIds.isWellFormed(id)) {
            throw new UnknownPredictionException(id);
        }
        Prediction prediction = cancellation.cancel(id);
        return RestResponse.ResponseBuilder.create(RestResponse.Status.ACCEPTED,
                PublicPrediction.of(prediction, config.publicUrl())).build();
    }
}
