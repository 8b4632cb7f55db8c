package dev.kiln.gateway.dispatch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** The body of a create: the version only when pinned, our webhook and the events we want from it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateRequest(String version, JsonNode input, String webhook, List<String> webhookEventsFilter) {
}
