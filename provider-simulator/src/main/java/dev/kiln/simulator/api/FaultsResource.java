package dev.kiln.simulator.api;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.faults.FaultControls;
import dev.kiln.simulator.faults.Faults;
import io.smallrye.common.annotation.NonBlocking;

/**
 * The fault controls. PUT (or PATCH) sets the fields it names and keeps the others, so that one fault can be
 * switched on with a one-field body (an object-valued field, create_failures, is replaced whole); POST /_sim/reset
 * restores the defaults. A new prediction takes the settings current at its create and keeps them.
 */
@Path("/_sim")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
public class FaultsResource {

    private final FaultControls controls;
    private final ObjectMapper json;

    public FaultsResource(FaultControls controls, ObjectMapper json) {
        // Faults is a record without annotations: read and write it in snake_case whatever the global setting.
        this.controls = controls;
        this.json = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @GET
    @Path("/faults")
    public JsonNode get() {
        return json.valueToTree(controls.current());
    }

    @PUT
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode put(String body) {
        ObjectNode merged = json.valueToTree(controls.current());
        JsonNode changes = read(body);
        Iterator<Map.Entry<String, JsonNode>> fields = changes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!merged.has(field.getKey())) {
                throw invalid("Unknown fault " + field.getKey() + ".",
                        List.of(new FieldError(field.getKey(), "is not a fault setting")));
            }
            merged.set(field.getKey(), field.getValue());
        }
        JsonNode reorder = merged.get("reorder_webhooks");
        if (reorder != null && reorder.isBoolean()) {
            // reorder_webhooks was a switch before it became a share: true still means every prediction.
            merged.put("reorder_webhooks", reorder.asBoolean() ? 1.0 : 0.0);
        }
        Faults faults;
        try {
            faults = json.treeToValue(merged, Faults.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw invalid("A fault setting has the wrong type.", List.of());
        }
        List<FieldError> problems = faults.invalidFields();
        if (!problems.isEmpty()) {
            throw invalid("Some fault settings are out of range.", problems);
        }
        controls.apply(faults);
        return get();
    }

    @PATCH
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonNode patch(String body) {
        return put(body);
    }

    @POST
    @Path("/reset")
    public JsonNode reset() {
        controls.reset();
        return get();
    }

    private static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail).withErrors(errors);
    }

    private JsonNode read(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
            if (!node.isObject()) {
                throw new ProblemException(ProblemType.MALFORMED_BODY, "The body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY,
                    "The body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
