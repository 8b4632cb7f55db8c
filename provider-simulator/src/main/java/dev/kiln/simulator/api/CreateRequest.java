package dev.kiln.simulator.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.simulator.callbacks.WebhookEvent;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.prediction.Model;
import dev.kiln.simulator.prediction.ModelCatalog;

/**
 * A create request as Replicate reads it: {version?, input, webhook?, webhook_events_filter?}; other fields
 * (stream, ...) are ignored as Replicate ignores what it does not know.
 */
record CreateRequest(Model model, ObjectNode input, URI webhook, List<WebhookEvent> filter) {

    /** Parses a create; model is the one named in the path, or null when the body's version names it. */
    static CreateRequest parse(ObjectMapper json, String body, Model model, ModelCatalog catalog) {
        JsonNode root = readJson(json, body);
        List<FieldError> errors = new ArrayList<>();
        if (model == null) {
            model = version(root, catalog, errors);
        }
        JsonNode input = root.get("input");
        if (input == null || !input.isObject()) {
            errors.add(new FieldError("input", "is required and must be a JSON object"));
        }
        URI webhook = webhook(root.get("webhook"), errors);
        List<WebhookEvent> filter = filter(root.get("webhook_events_filter"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The request has invalid fields.").withErrors(errors);
        }
        return new CreateRequest(model, (ObjectNode) input, webhook, filter);
    }

    private static JsonNode readJson(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(ProblemType.MALFORMED_BODY, "The request needs a JSON body.");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ProblemException(ProblemType.MALFORMED_BODY, "The body must be a JSON object.");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY,
                    "The body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Model version(JsonNode root, ModelCatalog catalog, List<FieldError> errors) {
        JsonNode version = root.get("version");
        if (version == null || !version.isTextual() || version.asText().isBlank()) {
            errors.add(new FieldError("version", "is required on POST /v1/predictions"));
            return null;
        }
        Optional<Model> model = catalog.findByVersion(version.asText());
        if (model.isEmpty()) {
            errors.add(new FieldError("version", "is not a version of any model of this simulator"));
            return null;
        }
        return model.get();
    }

    private static URI webhook(JsonNode webhook, List<FieldError> errors) {
        if (webhook == null || webhook.isNull()) {
            return null;
        }
        try {
            URI uri = new URI(webhook.asText());
            if (!webhook.isTextual() || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                errors.add(new FieldError("webhook", "must be an absolute http or https URL"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add(new FieldError("webhook", "must be an absolute http or https URL"));
            return null;
        }
    }

    private static List<WebhookEvent> filter(JsonNode filter, List<FieldError> errors) {
        if (filter == null || filter.isNull()) {
            return WebhookEvent.DEFAULT_FILTER;
        }
        if (!filter.isArray() || filter.isEmpty()) {
            errors.add(new FieldError("webhook_events_filter", "must be a non-empty array of events"));
            return List.of();
        }
        List<WebhookEvent> events = new ArrayList<>();
        for (JsonNode item : filter) {
            Optional<WebhookEvent> event = WebhookEvent.parse(item.asText());
            if (event.isEmpty() || !item.isTextual()) {
                errors.add(new FieldError("webhook_events_filter",
                        "\"" + item.asText() + "\" is not one of start, output, logs, completed"));
            } else if (!events.contains(event.get())) {
                events.add(event.get());
            }
        }
        return events;
    }
}
