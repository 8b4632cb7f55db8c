package dev.kiln.gateway.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of POST /v1/predictions (its version, if any, already resolved into task and mode). */
public record SubmitRequest(String task, String mode, JsonNode input, String webhook,
        List<String> webhookEventsFilter) {

    /** The same request for the task and mode a version or a route's model names. */
    SubmitRequest of(String task, String mode) {
        return new SubmitRequest(task, mode, input, webhook, webhookEventsFilter);
    }
}
