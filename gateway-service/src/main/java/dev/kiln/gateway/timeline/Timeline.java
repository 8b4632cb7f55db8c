package dev.kiln.gateway.timeline;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything Kiln knows about one prediction, for an operator (GET /v1/admin/predictions/{id}/timeline): its records
 * on every topic, what credits decided, what storage kept, the status store entry, the durable record and, while it
 * is in flight, the provider's view. A part that could not be read says why in its {@code error} instead of failing
 * the whole answer; only Kafka unavailable fails it (503), since the events are its point.
 */
public record Timeline(String predictionId, Instant readAt, List<TimelineEvent> events, Settlement settlement,
        List<StoredObject> storedObjects, StatusStoreEntry statusStore, DurableRecord durableRecord,
        ProviderView provider) {

    /**
     * What credits decided, from credits.reservations and credits.settlements.
     *
     * @param outcome none (no credits event yet), open (reserved, not settled), rejected, confirmed or refunded
     * @param amount  the credits reserved, or asked for when rejected
     */
    public record Settlement(String outcome, Integer amount, Instant reservedAt, Instant settledAt) {
    }

    /** An output as storage-service kept it (prediction.stored). */
    public record StoredObject(int index, String key, String url, String contentType, long sizeBytes,
            String sha256) {
    }

    /**
     * The prediction's entry in the status store (Redis hash kiln:prediction:{id}).
     *
     * @param present    whether Redis has it (false once its TTL has passed)
     * @param ttlSeconds the seconds it has left, as Redis counts them
     * @param prediction what a status read serves from it
     */
    public record StatusStoreEntry(boolean present, Long version, Long ttlSeconds,
            @Schema(type = SchemaType.OBJECT) JsonNode prediction, String error) {
    }

    /**
     * The prediction's row in PostgreSQL (kiln_gateway.predictions) and its dispatch row, if any.
     *
     * @param present    whether PostgreSQL has it (it is written a moment after the 202)
     * @param prediction the row as a status read would serve it
     */
    public record DurableRecord(boolean present, Long version, Instant updatedAt,
            @Schema(type = SchemaType.OBJECT) JsonNode prediction, Dispatch dispatch, String error) {
    }

    /** What the gateway sent to the provider (kiln_gateway.dispatches). */
    public record Dispatch(String provider, int attempt, String state, String providerPredictionId,
            boolean cancelRequested, int cancelAttempts, Instant cancelAnsweredAt) {
    }

    /**
     * The provider's own view of the job, asked for while the prediction is in flight.
     *
     * @param prediction the provider's prediction object, as it answered
     * @param error      why there is no view: not dispatched yet, or the provider did not answer
     */
    public record ProviderView(String providerPredictionId, String status,
            @Schema(type = SchemaType.OBJECT) JsonNode prediction, String error) {
    }
}
