package dev.kiln.gateway.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.kiln.gateway.clientwebhooks.WebhookEvent;
import dev.kiln.gateway.clientwebhooks.WebhookUrls;
import dev.kiln.gateway.identity.Caller;
import dev.kiln.gateway.tasks.InputSchema;
import dev.kiln.gateway.tasks.Models;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.gateway.tasks.TaskInputSchemas;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the body of POST /v1/predictions, or refuses it with a 422 that lists every invalid field: its shape by
 * api/submit-request.schema.json (unknown fields refused), the task and mode by the catalog, the input by the task's
 * published schema (the same one GET /v1/tasks shows). The task and mode come from the body's {@code task} and
 * {@code mode}, or from its {@code version} (Replicate's create), or from the model of the route
 * POST /v1/models/{owner}/{name}/predictions. The webhook follows the rules of client webhooks (a signed-in caller;
 * https and a public address: clientwebhooks.WebhookUrls).
 */
@ApplicationScoped
class SubmitRequests {

    private static final InputSchema SUBMISSION = InputSchema.load("api/submit-request.schema.json");

    private final TaskCatalog catalog;
    private final TaskInputSchemas inputs;
    private final Models models;
    private final ObjectMapper json;
    private final WebhookUrls webhookUrls;

    SubmitRequests(TaskCatalog catalog, TaskInputSchemas inputs, Models models, ObjectMapper json,
            WebhookUrls webhookUrls) {
        this.catalog = catalog;
        this.inputs = inputs;
        this.models = models;
        this.json = json;
        this.webhookUrls = webhookUrls;
    }

    /**
     * A body of POST /v1/predictions ({@code routeModel} null) or of the model route, whose path names the model
     * (then the body has no task, mode or version: Replicate's model route takes input and webhooks only).
     */
    SubmitRequest read(JsonNode body, Caller caller, Models.Model routeModel) {
        if (body == null || body.isMissingNode()) {
            throw ProblemException.invalid(List.of(new FieldError("body", routeModel != null
                    ? "is required: {\"input\":{...}}"
                    : "is required: {\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{...}}")));
        }
        List<FieldError> errors = new ArrayList<>(SUBMISSION.violations(body, ""));
        Models.Model model = routeModel != null ? fromRoute(body, routeModel, errors) : fromBody(body, errors);
        JsonNode task = model != null ? TextNode.valueOf(model.task()) : body.path("task");
        JsonNode mode = model != null ? TextNode.valueOf(model.mode()) : body.path("mode");
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
            if (caller.isAnonymous()) {
                // Deliveries are signed with the owner's secret (GET /v1/webhooks/default/secret): a user's.
                errors.add(new FieldError("webhook", "needs a signed-in caller: deliveries are signed with your own"
                        + " secret (GET /v1/webhooks/default/secret); send a bearer token, or poll urls.get"));
            }
            webhookUrls.formProblems(webhook.textValue())
                    .forEach(problem -> errors.add(new FieldError("webhook", problem)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        SubmitRequest request;
        try {
            request = json.treeToValue(body, SubmitRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A body that passed its schema does not bind", e);
        }
        if (model != null) {
            request = request.of(model.task(), model.mode());
        }
        if (request.webhook() == null) {
            return request;
        }
        // Replicate's default filter; each event once, in the order given.
        List<String> filter = request.webhookEventsFilter() == null ? WebhookEvent.DEFAULT_FILTER
                : request.webhookEventsFilter().stream().distinct().toList();
        return new SubmitRequest(request.task(), request.mode(), request.input(), request.webhook(), filter);
    }

    /**
     * Completes once the webhook's host (if any) resolves to addresses a webhook may reach, looked up off the event
     * loop; else fails with the 422 of the webhook field. Deliveries check again before every attempt.
     */
    Uni<Void> webhookReachable(SubmitRequest request) {
        if (request.webhook() == null) {
            return Uni.createFrom().voidItem();
        }
        return webhookUrls.refusalAfterLookup(request.webhook()).invoke(refusal -> refusal.ifPresent(reason -> {
            throw ProblemException.invalid(List.of(new FieldError("webhook", reason)));
        })).replaceWithVoid();
    }

    /** The model route's body names no model: the path does. */
    private static Models.Model fromRoute(JsonNode body, Models.Model model, List<FieldError> errors) {
        for (String field : List.of("task", "mode", "version")) {
            if (body.has(field)) {
                errors.add(new FieldError(field, "is given by the route's model, " + model.fullName()
                        + ": leave it out, or POST to /v1/predictions"));
            }
        }
        return model;
    }

    /**
     * The model a {@code version} names, or null for task and mode: both ways at once must name the same model.
     * Without a version, task and mode are required.
     */
    private Models.Model fromBody(JsonNode body, List<FieldError> errors) {
        JsonNode version = body.path("version");
        if (!body.isObject()) {
            return null; // the schema has said what a body is
        }
        if (!version.isTextual()) {
            for (String field : List.of("task", "mode")) {
                if (!body.has(field) && !body.has("version")) {
                    errors.add(new FieldError(field, "is required (or a version, as GET /v1/tasks lists them)"));
                }
            }
            return null;
        }
        var model = models.byVersion(version.textValue());
        if (model.isEmpty()) {
            errors.add(new FieldError("version", "is not a model or version of Kiln: give kiln/{task}-{mode}, or"
                    + " a version id, as GET /v1/tasks lists them (" + models.all().stream()
                            .map(Models.Model::fullName).toList() + ")"));
            return null;
        }
        JsonNode task = body.path("task");
        JsonNode mode = body.path("mode");
        if ((task.isTextual() && !task.textValue().equals(model.get().task()))
                || (mode.isTextual() && !mode.textValue().equals(model.get().mode()))) {
            errors.add(new FieldError("version", "names " + model.get().fullName() + " (task "
                    + model.get().task() + ", mode " + model.get().mode() + "), which task and mode contradict:"
                    + " give a version or a task and mode"));
        }
        return model.get();
    }

}
