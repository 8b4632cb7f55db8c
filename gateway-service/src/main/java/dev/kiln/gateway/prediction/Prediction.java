package dev.kiln.gateway.prediction;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A prediction as the gateway knows it. Immutable: each event of its lifecycle yields the next version through one
 * of the {@code with...} methods, which return {@code this} when the event changes nothing (a duplicate, a stale
 * event, or anything after a terminal status), so that applying events is idempotent and order-tolerant.
 */
public record Prediction(
        String id,
        String owner,
        String task,
        String mode,
        JsonNode input,
        int cost,
        int estimatedSeconds,
        String webhook,
        List<String> webhookEventsFilter,
        PredictionStatus status,
        List<String> output,
        PredictionError error,
        String logs,
        Map<String, Double> metrics,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Instant deadline,
        long version) {

    /** A prediction just accepted; {@code deadline} is when it ends if it has not finished (null: none known). */
    public static Prediction requested(String id, String owner, String task, String mode, JsonNode input, int cost,
            int estimatedSeconds, String webhook, List<String> webhookEventsFilter, Instant createdAt,
            Instant deadline) {
        return new Prediction(id, owner, task, mode, input, cost, estimatedSeconds, webhook, webhookEventsFilter,
                PredictionStatus.STARTING, null, null, null, null, createdAt, null, null, deadline, 0);
    }

    /** The provider reports the job running, with the logs so far. */
    public Prediction withProgress(Instant startedAt, String logs) {
        if (status.isTerminal()) {
            return this;
        }
        PredictionStatus next = status.canMoveTo(PredictionStatus.PROCESSING) ? PredictionStatus.PROCESSING : status;
        Instant started = this.startedAt != null ? this.startedAt : startedAt;
        // A provider's logs only grow: shorter logs are an older webhook that arrived late, and would move the
        // progress back.
        String newLogs = logs != null && (this.logs == null || logs.length() >= this.logs.length()) ? logs : this.logs;
        return changed(next, output, error, newLogs, metrics, started, completedAt);
    }

    /**
     * The provider finished the job successfully. The prediction stays {@code processing} until its outputs are in
     * our bucket: clients only ever see our URLs, never the provider's expiring ones.
     */
    public Prediction withProviderSuccess(Instant startedAt, Instant completedAt, String logs,
            Map<String, Double> metrics) {
        if (status.isTerminal()) {
            return enrichedWith(startedAt, completedAt, logs, metrics);
        }
        PredictionStatus next = status.canMoveTo(PredictionStatus.PROCESSING) ? PredictionStatus.PROCESSING : status;
        return changed(next, output, error, firstNonNull(logs, this.logs), firstNonNull(metrics, this.metrics),
                firstNonNull(this.startedAt, startedAt), firstNonNull(this.completedAt, completedAt));
    }

    /** Our copies of the outputs are stored: the prediction has succeeded. */
    public Prediction withStoredOutput(List<String> storedOutput, Instant storedAt) {
        if (status.isTerminal()) {
            return this;
        }
        return changed(PredictionStatus.SUCCEEDED, List.copyOf(storedOutput), null, logs, metrics, startedAt,
                firstNonNull(completedAt, storedAt));
    }

    /** The prediction failed, at the provider or on our side. */
    public Prediction withFailure(PredictionError failure, Instant at, String logs, Map<String, Double> metrics) {
        if (status.isTerminal()) {
            return this;
        }
        return changed(PredictionStatus.FAILED, null, failure, firstNonNull(logs, this.logs),
                firstNonNull(metrics, this.metrics), startedAt, firstNonNull(completedAt, at));
    }

    /** The prediction was canceled, before dispatch by us or after it by the provider. */
    public Prediction withCancellation(Instant at) {
        if (status.isTerminal()) {
            return this;
        }
        return changed(PredictionStatus.CANCELED, null, null, logs, metrics, startedAt, firstNonNull(completedAt, at));
    }

    /** Its deadline passed before it started running (Replicate's aborted): it never ran, and is not charged. */
    public Prediction withAbort(PredictionError reason, Instant at) {
        if (status.isTerminal()) {
            return this;
        }
        return changed(PredictionStatus.ABORTED, null, reason, logs, metrics, startedAt,
                firstNonNull(completedAt, at));
    }

    /** After a terminal status only facts that were still missing are filled in; the status never moves again. */
    private Prediction enrichedWith(Instant startedAt, Instant completedAt, String logs, Map<String, Double> metrics) {
        return changed(status, output, error, firstNonNull(this.logs, logs), firstNonNull(this.metrics, metrics),
                firstNonNull(this.startedAt, startedAt), firstNonNull(this.completedAt, completedAt));
    }

    private Prediction changed(PredictionStatus status, List<String> output, PredictionError error, String logs,
            Map<String, Double> metrics, Instant startedAt, Instant completedAt) {
        Prediction next = new Prediction(id, owner, task, mode, input, cost, estimatedSeconds, webhook,
                webhookEventsFilter, status, output, error, logs, metrics, createdAt, startedAt, completedAt, deadline,
                version);
        return sameStateAs(next) ? this : next.withVersion(version + 1);
    }

    private boolean sameStateAs(Prediction other) {
        return status == other.status
                && Objects.equals(output, other.output)
                && Objects.equals(error, other.error)
                && Objects.equals(logs, other.logs)
                && Objects.equals(metrics, other.metrics)
                && Objects.equals(startedAt, other.startedAt)
                && Objects.equals(completedAt, other.completedAt);
    }

    public Prediction withVersion(long newVersion) {
        return new Prediction(id, owner, task, mode, input, cost, estimatedSeconds, webhook, webhookEventsFilter,
                status, output, error, logs, metrics, createdAt, startedAt, completedAt, deadline, newVersion);
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }
}
