package dev.kiln.gateway.prediction;

import java.time.Instant;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The durable row of a prediction; JSON columns hold the JSON text as the API shows it. */
@Entity
@Table(name = "predictions")
public class PredictionRecord extends PanacheEntityBase {

    @Id
    public String id;
    public String owner;
    public String task;
    public String mode;
    @JdbcTypeCode(SqlTypes.JSON)
    public String input;
    public int cost;
    @Column(name = "estimated_seconds")
    public int estimatedSeconds;
    public String webhook;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_events_filter")
    public String webhookEventsFilter;
    public String status;
    @JdbcTypeCode(SqlTypes.JSON)
    public String output;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "error_message")
    public String errorMessage;
    public String logs;
    @JdbcTypeCode(SqlTypes.JSON)
    public String metrics;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "completed_at")
    public Instant completedAt;
    public long version;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
