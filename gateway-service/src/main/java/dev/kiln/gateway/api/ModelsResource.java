package dev.kiln.gateway.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.deadlines.CancelAfter;
import dev.kiln.gateway.idempotency.IdempotentRequests;
import dev.kiln.gateway.tasks.Models;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.gateway.tasks.TaskInputSchemas;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.smallrye.mutiny.Uni;
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
 * Replicate's model routes, so that its clients run Kiln's models by name ({@code replicate.run("kiln/jersey-speed",
 * {input})}): the create of POST /v1/predictions with the model in the path, and the model itself.
 */
@Path("/v1/models/{owner}/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final Models models;
    private final TaskCatalog catalog;
    private final TaskInputSchemas inputs;
    private final PredictionsResource predictions;
    private final GatewayConfig config;

    ModelsResource(Models models, TaskCatalog catalog, TaskInputSchemas inputs, PredictionsResource predictions,
            GatewayConfig config) {
        this.models = models;
        this.catalog = catalog;
        this.inputs = inputs;
        this.predictions = predictions;
        this.config = config;
    }

    @POST
    @Path("/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a model (Replicate's model route)", description = "The submit of POST /v1/predictions"
            + " with the model in the path (kiln/{task}-{mode}, as GET /v1/tasks lists them): the body is the input"
            + " and webhooks, with the same Prefer: wait, Idempotency-Key, Cancel-After, limits and answers.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "speed",
            value = "{\"input\":{\"prompt\":\"A bold home kit\",\"team_name\":\"Kiln FC\",\"number\":\"10\"}}")))
    @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, example = PreferWait.OPENAPI_EXAMPLE,
            description = PreferWait.OPENAPI_DESCRIPTION)
    @SubmitAnswers
    @APIResponse(responseCode = "404", description = "Kiln has no such model")
    public Uni<RestResponse<PublicPrediction>> run(@PathParam("owner") String owner, @PathParam("name") String name,
            JsonNode body, @RestHeader(IdempotentRequests.HEADER) String idempotencyKey,
            @RestHeader(CancelAfter.HEADER) String cancelAfter, @RestHeader(PreferWait.HEADER) String prefer,
            @Context HttpServerRequest http) {
        return predictions.submit(model(owner, name), body, idempotencyKey, cancelAfter, prefer, http);
    }

    /** Replicate's model object, as far as Kiln has its fields, with the task, mode, cost and estimate beside. */
    public record ModelView(String url, String owner, String name, String description, String visibility,
            String githubUrl, String paperUrl, String licenseUrl, String coverImageUrl, Version latestVersion,
            String task, String mode, int cost, int estimatedSeconds) {
    }

    /** A version: its id and, as Cog publishes it, the input's schema under components.schemas.Input. */
    public record Version(String id, String createdAt, String cogVersion, Map<String, Object> openapiSchema) {
    }

    @GET
    @Operation(summary = "Read a model (Replicate's model object)", description = "The model's latest (and only)"
            + " version id and its input schema, with Kiln's task, mode, cost and estimate.")
    @APIResponse(responseCode = "404", description = "Kiln has no such model")
    public ModelView get(@PathParam("owner") String owner, @PathParam("name") String name) {
        Models.Model model = model(owner, name);
        TaskCatalog.Mode mode = catalog.mode(model.task(), model.mode()).orElseThrow();
        Map<String, Object> openapi = Map.of("openapi", "3.0.2",
                "info", Map.of("title", model.fullName(), "version", model.version()),
                "components", Map.of("schemas", Map.of("Input", inputs.of(model.task()).published(),
                        "Output", Map.of("type", "array", "items", Map.of("type", "string", "format", "uri")))));
        return new ModelView(config.publicUrl() + "/v1/models/" + model.fullName(), Models.OWNER, model.name(),
                catalog.tasks().get(model.task()).description() + " (" + model.mode() + " mode)", "public", null,
                null, null, null, new Version(model.version(), null, null, openapi), model.task(), model.mode(),
                mode.cost(), mode.estimatedSeconds());
    }

    private Models.Model model(String owner, String name) {
        return models.named(owner, name).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Kiln has no model " + owner + "/" + name + "; its models are "
                        + models.all().stream().map(Models.Model::fullName).toList() + " (GET /v1/tasks)."));
    }
}
