package dev.kiln.gateway.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.tasks.InputSchema;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.gateway.tasks.TaskInputSchemas;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the body of POST /v1/predictions, or refuses it with a 422 that lists every invalid field: its shape by
 * api/submit-request.schema.json (unknown fields refused), the task and mode by the catalog, the input by the task's
 * published schema (the same one GET /v1/tasks shows).
 */
@ApplicationScoped
class SubmitRequests {

    private static final InputSchema SUBMISSION = InputSchema.load("api/submit-request.schema.json");

    private final TaskCatalog catalog;
    private final TaskInputSchemas inputs;
    private final ObjectMapper json;

    SubmitRequests(TaskCatalog catalog, TaskInputSchemas inputs, ObjectMapper json) {
        this.catalog = catalog;
        this.inputs = inputs;
        this.json = json;
    }

    SubmitRequest read(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            throw ProblemException.invalid(List.of(
                    new FieldError("body", "is required: {\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{...}}")));
        }
        List<FieldError> errors = new ArrayList<>(SUBMISSION.violations(body, ""));
        JsonNode task = body.path("task");
        JsonNode mode = body.path("mode");
        if (task.isTextual() && !catalog.tasks().containsKey(task.textValue())) {
            errors.add(new FieldError("task", "must be one of " + catalog.tasks().keySet()));
        } else if (task.isTextual() && mode.isTextual() && catalog.mode(task.textValue(), mode.textValue()).isEmpty()) {
            errors.add(new FieldError("mode", "must be one of " + catalog.tasks().get(task.textValue()).modes().keySet()));
        }
        if (task.isTextual() && catalog.tasks().containsKey(task.textValue()) && body.path("input").isObject()) {
            errors.addAll(inputs.of(task.textValue()).violations(body.get("input"), "input"));
        }
        JsonNode webhook = body.path("webhook");
        if (webhook.isTextual()) {
            // Kiln does not call callers' webhooks yet; accepting one silently would be a promise not kept.
            errors.add(new FieldError("webhook", "is not supported yet: poll the prediction's urls.get instead"));
            if (!isHttpUrl(webhook.textValue())) {
                errors.add(new FieldError("webhook", "must be an absolute http(s) URL"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        try {
            return json.treeToValue(body, SubmitRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A body that passed its schema does not bind", e);
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
