package dev.kiln.simulator.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.problem.Problem;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.SimulatorConfig;
import dev.kiln.simulator.faults.FaultControls;
import dev.kiln.simulator.faults.FaultDraw;
import dev.kiln.simulator.prediction.Model;
import dev.kiln.simulator.prediction.ModelCatalog;
import dev.kiln.simulator.prediction.Prediction;
import dev.kiln.simulator.prediction.PredictionRunner;
import dev.kiln.simulator.prediction.PredictionStore;
import dev.kiln.simulator.prediction.PredictionView;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/** Replicate's predictions API: create (by model or by version), get, cancel and list. All in memory. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class PredictionsResource {

    /** Replicate holds a "Prefer: wait" create for at most 60 s. */
    private static final int MAX_WAIT_SECONDS = 60;

    private final ModelCatalog models;
    private final PredictionStore store;
    private final PredictionRunner runner;
    private final FaultControls faults;
    private final ObjectMapper json;
    private final int pageSize;

    public PredictionsResource(ModelCatalog models, PredictionStore store, PredictionRunner runner,
                               FaultControls faults, ObjectMapper json, SimulatorConfig config) {
        this.models = models;
        this.store = store;
        this.runner = runner;
        this.faults = faults;
        this.json = json;
        this.pageSize = config.listPageSize();
    }

    @POST
    @Path("/models/{owner}/{name}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createForModel(@PathParam("owner") String owner, @PathParam("name") String name,
                                        @HeaderParam("Prefer") String prefer,
                                        @HeaderParam(CancelAfter.HEADER) String cancelAfter, String body) {
        Model model = models.findByName(owner + "/" + name).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "The simulator has no model " + owner + "/" + name + "."));
        return create(CreateRequest.parse(json, body, model, models), prefer, CancelAfter.parse(cancelAfter));
    }

    @POST
    @Path("/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam("Prefer") String prefer,
                                @HeaderParam(CancelAfter.HEADER) String cancelAfter, String body) {
        return create(CreateRequest.parse(json, body, null, models), prefer, CancelAfter.parse(cancelAfter));
    }

    @GET
    @Path("/predictions/{id}")
    public PredictionView get(@PathParam("id") String id) {
        return find(id).view(runner.publicUrl());
    }

    /** Takes no body: the official clients send an empty one with a JSON content type, or none at all. */
    @POST
    @Path("/predictions/{id}/cancel")
    public PredictionView cancel(@PathParam("id") String id) {
        Prediction prediction = find(id);
        runner.cancel(prediction);
        return prediction.view(runner.publicUrl());
    }

    @GET
    @Path("/predictions")
    public PredictionList list(@QueryParam("cursor") String cursor) {
        PredictionStore.Page page = cursor == null || cursor.isBlank()
                ? store.findOlderThan(null, pageSize)
                : page(cursor);
        String base = runner.publicUrl() + "/v1/predictions?cursor=";
        return new PredictionList(
                page.next() == null ? null : base + encode("older", page.next()),
                page.previous() == null ? null : base + encode("newer", page.previous()),
                page.results().stream().map(p -> p.view(runner.publicUrl())).toList());
    }

    private Uni<Response> create(CreateRequest request, String prefer, Duration cancelAfter) {
        FaultDraw draw = faults.draw();
        Integer failure = draw.createFailureStatus();
        if (failure != null) {
            return Uni.createFrom().item(simulatedFailure(failure));
        }
        Prediction prediction = runner.start(request.model(), request.input(), request.webhook(), request.filter(),
                draw, cancelAfter);
        int waitSeconds = waitSeconds(prefer);
        Uni<Prediction> answer = waitSeconds == 0
                ? Uni.createFrom().item(prediction)
                : Uni.createFrom().completionStage(prediction.finished())
                        .ifNoItem().after(Duration.ofSeconds(waitSeconds)).recoverWithItem(prediction);
        return answer.map(p -> Response.status(201).entity(p.view(runner.publicUrl())).build());
    }

    /**
     * The answer of a create that the fault controls make fail, with the status they name: 429 is rate-limited (with
     * Retry-After, as Replicate sends it), 503 service-unavailable, and 500, 502 and 504 internal-error. The
     * vocabulary has no type of its own for 502 and 504; they keep their status, as a provider's gateway would answer.
     */
    private static Response simulatedFailure(int status) {
        ProblemType type = switch (status) {
            case 429 -> ProblemType.RATE_LIMITED;
            case 503 -> ProblemType.SERVICE_UNAVAILABLE;
            default -> ProblemType.INTERNAL_ERROR;
        };
        String detail = "The simulator refused this create on purpose (a simulated create failure with " + status + ").";
        var answer = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type.uri(), type.title(), status, detail, null, null));
        if (status == 429) {
            answer.header("Retry-After", "1");
        }
        return answer.build();
    }

    /** "Prefer: wait" holds the create until the prediction finishes, at most 60 s or "wait=n" seconds. */
    static int waitSeconds(String prefer) {
        if (prefer == null) {
            return 0;
        }
        for (String preference : prefer.split(",")) {
            String p = preference.trim();
            if (p.equals("wait")) {
                return MAX_WAIT_SECONDS;
            }
            if (p.startsWith("wait=")) {
                try {
                    return Math.max(1, Math.min(MAX_WAIT_SECONDS, Integer.parseInt(p.substring(5).trim())));
                } catch (NumberFormatException ignored) {
                    return MAX_WAIT_SECONDS;
                }
            }
        }
        return 0;
    }

    private Prediction find(String id) {
        return store.find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No prediction " + id + " (unknown, or forgotten after its retention)."));
    }

    private PredictionStore.Page page(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = decoded.split(":", 2);
            long position = Long.parseLong(parts[1]);
            return switch (parts[0]) {
                case "older" -> store.findOlderThan(position, pageSize);
                case "newer" -> store.findNewerThan(position, pageSize);
                default -> throw new IllegalArgumentException(parts[0]);
            };
        } catch (RuntimeException unreadable) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "The cursor is not one this API returned in next or previous.");
        }
    }

    private static String encode(String direction, long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((direction + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** Replicate's page shape: next and previous are full URLs or null. */
    public record PredictionList(String next, String previous, List<PredictionView> results) {
    }
}
