package dev.kiln.gateway.timeline;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of the prediction on one of Kiln's topics.
 *
 * @param time    the record's timestamp (its producer's clock when it sent it)
 * @param service the CloudEvents source: the service that published it
 * @param type    the CloudEvents type
 * @param outcome what the event says happened: a status (processing, succeeded...), reserved, rejected, stored...
 * @param data    the record's value as published
 */
public record TimelineEvent(Instant time, String topic, int partition, long offset, String service, String type,
        String outcome, @Schema(type = SchemaType.OBJECT) JsonNode data) {

    /** What an event says happened, in a word; the status of those that carry one. */
    static String outcomeOf(String type, JsonNode data) {
        if (data != null && data.hasNonNull("status")) {
            JsonNode code = data.path("error").path("code");
            return data.get("status").asText() + (code.isTextual() ? " (" + code.asText() + ")" : "");
        }
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "prediction.requested" -> "accepted";
            case "credits.reserved" -> "reserved";
            case "credits.rejected" -> "rejected" + (data != null && data.hasNonNull("reason")
                    ? " (" + data.get("reason").asText() + ")" : "");
            case "prediction.dispatched" -> "dispatched";
            case "prediction.stored" -> "stored";
            case "prediction.storage_failed" -> "storage failed";
            case "credits.confirmed" -> "confirmed";
            case "credits.refunded" -> "refunded";
            default -> null;
        };
    }
}
