package dev.kiln.gateway.api;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of POST /v1/predictions. */
public record SubmitRequest(String task, String mode, JsonNode input, String webhook,
        List<String> webhookEventsFilter) {
}
