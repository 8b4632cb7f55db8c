package dev.kiln.gateway.prediction;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/** The durable prediction records in PostgreSQL. Callers hold the transaction. */
@ApplicationScoped
public class PredictionRecords {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };

    private final EntityManager entities;
    private final ObjectMapper json;

    PredictionRecords(EntityManager entities, ObjectMapper json) {
        this.entities = entities;
        this.json = json;
    }

    public Optional<Prediction> find(String id) {
        return Optional.ofNullable(entities.find(PredictionRecord.class, id)).map(this::toPrediction);
    }

    /** The record, locked until the transaction ends, so that concurrent events apply one after the other. */
    public Optional<Prediction> lock(String id) {
        return Optional.ofNullable(entities.find(PredictionRecord.class, id, LockModeType.PESSIMISTIC_WRITE))
                .map(this::toPrediction);
    }

    /** Inserts the record unless it exists already (a redelivered event, or another consumer was first). */
    public void insertIfAbsent(Prediction prediction) {
        entities.createNativeQuery("""
                insert into predictions (id, owner, task, mode, input, cost, estimated_seconds, webhook,
                    webhook_events_filter, status, output, error_code, error_message, logs, metrics, created_at,
                    started_at, completed_at, version)
                values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6, ?7, ?8, cast(?9 as jsonb), ?10, cast(?11 as jsonb),
                    ?12, ?13, ?14, cast(?15 as jsonb), ?16, ?17, ?18, ?19)
                on conflict (id) do nothing
                """)
                .setParameter(1, prediction.id())
                .setParameter(2, prediction.owner())
                .setParameter(3, prediction.task())
                .setParameter(4, prediction.mode())
                .setParameter(5, write(prediction.input()))
                .setParameter(6, prediction.cost())
                .setParameter(7, prediction.estimatedSeconds())
                .setParameter(8, prediction.webhook())
                .setParameter(9, write(prediction.webhookEventsFilter()))
                .setParameter(10, prediction.status().wireName())
                .setParameter(11, write(prediction.output()))
                .setParameter(12, prediction.error() == null ? null : prediction.error().code())
                .setParameter(13, prediction.error() == null ? null : prediction.error().message())
                .setParameter(14, prediction.logs())
                .setParameter(15, write(prediction.metrics()))
                .setParameter(16, prediction.createdAt())
                .setParameter(17, prediction.startedAt())
                .setParameter(18, prediction.completedAt())
                .setParameter(19, prediction.version())
                .executeUpdate();
    }

    /** Writes the lifecycle state of a record locked in this transaction. */
    public void update(Prediction prediction) {
        PredictionRecord record = entities.find(PredictionRecord.class, prediction.id());
        record.status = prediction.status().wireName();
        record.output = write(prediction.output());
        record.errorCode = prediction.error() == null ? null : prediction.error().code();
        record.errorMessage = prediction.error() == null ? null : prediction.error().message();
        record.logs = prediction.logs();
        record.metrics = write(prediction.metrics());
        record.startedAt = prediction.startedAt();
        record.completedAt = prediction.completedAt();
        record.version = prediction.version();
        record.updatedAt = Instant.now();
    }

    private Prediction toPrediction(PredictionRecord record) {
        PredictionError error = record.errorCode == null ? null
                : new PredictionError(record.errorCode, record.errorMessage);
        return new Prediction(record.id, record.owner, record.task, record.mode, read(record.input, JsonNode.class),
                record.cost, record.estimatedSeconds, record.webhook, read(record.webhookEventsFilter, STRINGS),
                PredictionStatus.fromWireName(record.status), read(record.output, STRINGS), error, record.logs,
                read(record.metrics, METRICS), record.createdAt, record.startedAt, record.completedAt,
                record.version);
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
