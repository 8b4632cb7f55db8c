package dev.kiln.gateway.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.kiln.problem.FieldError;
import dev.kiln.gateway.tasks.JerseyInput;
import dev.kiln.gateway.tasks.TaskCatalog;

/** What a submission must satisfy before anything is written. */
final class SubmitRules {

    private static final Set<String> WEBHOOK_EVENTS = Set.of("start", "output", "logs", "completed");

    private SubmitRules() {
    }

    static List<FieldError> check(SubmitRequest request, TaskCatalog catalog) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("body", "is required: {\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{...}}"));
            return errors;
        }
        if (request.task() == null) {
            errors.add(new FieldError("task", "is required; one of " + catalog.tasks().keySet()));
        } else if (!catalog.tasks().containsKey(request.task())) {
            errors.add(new FieldError("task", "must be one of " + catalog.tasks().keySet()));
        } else if (request.mode() == null || catalog.mode(request.task(), request.mode()).isEmpty()) {
            errors.add(new FieldError("mode", (request.mode() == null ? "is required; " : "must be ") + "one of "
                    + catalog.tasks().get(request.task()).modes().keySet()));
        }
        if ("jersey".equals(request.task())) {
            errors.addAll(JerseyInput.validate(request.input()));
        }
        if (request.webhook() != null) {
            // Kiln does not call callers' webhooks yet; accepting one silently would be a promise not kept.
            errors.add(new FieldError("webhook", "is not supported yet: poll the prediction's urls.get instead"));
            if (!isHttpUrl(request.webhook())) {
                errors.add(new FieldError("webhook", "must be an absolute http(s) URL"));
            }
        }
        if (request.webhookEventsFilter() != null && !WEBHOOK_EVENTS.containsAll(request.webhookEventsFilter())) {
            errors.add(new FieldError("webhook_events_filter", "may only hold " + WEBHOOK_EVENTS));
        }
        return errors;
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
