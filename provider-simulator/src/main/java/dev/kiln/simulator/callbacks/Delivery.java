package dev.kiln.simulator.callbacks;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One line of a prediction's delivery log. outcome: delivered, retrying, failed (gave up or not retryable), or
 * dropped (the drop_webhooks fault: never sent). copy is 2 for the second send of a duplicated webhook.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String event, String webhookId, int copy, int attempt, Integer statusCode, String error,
                       Instant at, String outcome) {
}
