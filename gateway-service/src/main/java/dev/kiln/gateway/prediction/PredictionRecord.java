package dev.kiln.gateway.prediction;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/**
 * The durable row of a prediction (Panache active record): written from prediction.requested, then changed under
 * its row lock as the lifecycle moves on. JSON columns hold the values as the API shows them.
 */
@Entity
@Table(name = "predictions")
public class PredictionRecord extends PanacheEntityBase {

    @Id
    public String id;
    public String owner;
    public String task;
    public String mode;
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode input;
    public int cost;
    @Column(name = "estimated_seconds")
    public int estimatedSeconds;
    public String webhook;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_events_filter")
    public List<String> webhookEventsFilter;
    public String status;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> output;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    public String logs;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Double> metrics;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    /** When it ends if it has not finished (Cancel-After or the global maximum); null before deadlines existed. */
    public Instant deadline;
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The record of a prediction, not yet persisted. */
    public static PredictionRecord from(Prediction prediction) {
        var record = new PredictionRecord();
        record.id = prediction.id();
        record.owner = prediction.owner();
        record.task = prediction.task();
        record.mode = prediction.mode();
        record.input = prediction.input();
        record.cost = prediction.cost();
        record.estimatedSeconds = prediction.estimatedSeconds();
        record.webhook = prediction.webhook();
        record.webhookEventsFilter = prediction.webhookEventsFilter();
        record.createdAt = prediction.createdAt();
        record.deadline = prediction.deadline();
        record.recordState(prediction);
        return record;
    }

    public static Optional<Prediction> findPrediction(String id) {
        return PredictionRecord.<PredictionRecord>findByIdOptional(id).map(PredictionRecord::toPrediction);
    }

    /** The record, locked until the transaction ends, so that concurrent events apply one after the other. */
    public static Optional<PredictionRecord> lock(String id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Which of these ids have a record already. */
    public static Set<String> findRecordedIds(Collection<String> ids) {
        return getEntityManager()
                .createQuery("select p.id from PredictionRecord p where p.id in :ids", String.class)
                .setParameter("ids", ids)
                .getResultStream().collect(Collectors.toSet());
    }

    /** Takes the lifecycle state of the prediction (its identity and request never change). */
    public void recordState(Prediction prediction) {
        status = prediction.status().wireName();
        output = prediction.output();
        errorCode = prediction.error() == null ? null : prediction.error().code();
        errorMessage = prediction.error() == null ? null : prediction.error().message();
        logs = prediction.logs();
        metrics = prediction.metrics();
        startedAt = prediction.startedAt();
        completedAt = prediction.completedAt();
        version = prediction.version();
    }

    public Prediction toPrediction() {
        PredictionError error = errorCode == null ? null : new PredictionError(errorCode, errorMessage);
        return new Prediction(id, owner, task, mode, input, cost, estimatedSeconds, webhook, webhookEventsFilter,
                PredictionStatus.fromWireName(status), output, error, logs, metrics, createdAt, startedAt,
                completedAt, deadline, version);
    }

    @PrePersist
    @PreUpdate
    void touch() {
        updatedAt = Instant.now();
    }
}
