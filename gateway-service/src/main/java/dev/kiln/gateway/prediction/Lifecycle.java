package dev.kiln.gateway.prediction;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

/**
 * Moves predictions through their lifecycle. PostgreSQL serialises the changes to one prediction (a row lock), and
 * the result then goes to Redis with its version, where a newer version always wins. Blocking: call it from worker
 * threads only.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);
    private static final int RECORD_ATTEMPTS_ON_TAKEN_KEY = 5;

    private final StatusStore statuses;
    private final Event<PredictionEnded> ended;
    private final Event<PredictionChanged> changes;
    private final Event<StatusWritten> written;

    Lifecycle(StatusStore statuses, Event<PredictionEnded> ended, Event<PredictionChanged> changes,
            Event<StatusWritten> written) {
        this.statuses = statuses;
        this.ended = ended;
        this.changes = changes;
        this.written = written;
    }

    /** Applies a change to the prediction and publishes the result to the read model; returns the result. */
    public Prediction apply(String id, UnaryOperator<Prediction> change) {
        record Change(Prediction before, Prediction after) {
            boolean changed() {
                return after.version() != before.version();
            }
        }
        Change result = lockRecordAndRun(id, record -> {
            Prediction current = record.toPrediction();
            Change applied = new Change(current, change.apply(current));
            if (applied.changed()) {
                record.recordState(applied.after());
                changes.fire(new PredictionChanged(applied.before(), applied.after()));
            }
            return applied;
        });
        if (result.changed() && result.after().status().isTerminal() && !result.before().status().isTerminal()) {
            ended.fire(new PredictionEnded(id, result.after().owner(), result.after().status()));
        }
        // Written even when nothing changed: if an earlier write of this state failed after its commit, the event's
        // redelivery is what brings Redis up to date (a newer version there is kept, so this costs one no-op).
        statuses.put(result.after()).await().indefinitely();
        if (result.changed()) {
            written.fire(new StatusWritten(id));
        }
        return result.after();
    }

    /**
     * Runs {@code work} in a new transaction that holds the prediction's row lock, and returns its result. When an
     * event overtook the prediction.requested record (events of different topics arrive in any order), the durable
     * record is first written from the Redis status, in a transaction of its own.
     *
     * @throws UnknownPredictionException if neither PostgreSQL nor Redis knows the prediction
     */
    public <T> T lockAndRun(String id, Function<Prediction, T> work) {
        return lockRecordAndRun(id, record -> work.apply(record.toPrediction()));
    }

    private <T> T lockRecordAndRun(String id, Function<PredictionRecord, T> work) {
        record Locked<T>(boolean found, T result) {
        }
        Locked<T> first = QuarkusTransaction.requiringNew().call(() -> PredictionRecord.lock(id)
                .map(record -> new Locked<>(true, work.apply(record)))
                .orElseGet(() -> new Locked<>(false, null)));
        if (first.found()) {
            return first.result();
        }
        recordFromStatus(id);
        return QuarkusTransaction.requiringNew().call(() -> work.apply(PredictionRecord.lock(id)
                .orElseThrow(() -> new IllegalStateException("The record of " + id + " vanished"))));
    }

    /** Writes the durable record from the Redis status; another writer may have been first, which is fine. */
    private void recordFromStatus(String id) {
        Prediction snapshot = statuses.find(id).await().indefinitely()
                .orElseThrow(() -> new UnknownPredictionException(id));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (PredictionRecord.findByIdOptional(id).isEmpty()) {
                    PredictionRecord.from(snapshot).persist();
                }
            });
        } catch (RuntimeException insertFailed) {
            // The durable-record consumer inserted it between our look and our insert: the key is taken.
            if (QuarkusTransaction.requiringNew().call(() -> PredictionRecord.findPrediction(id)).isEmpty()) {
                throw insertFailed;
            }
            LOG.debugf("The record of %s was written by another consumer first", id);
        }
    }

    /** The prediction as it is now: Redis first, then PostgreSQL (also when Redis fails). */
    public Prediction find(String id) {
        Optional<Prediction> cached;
        try {
            cached = statuses.find(id).await().indefinitely();
        } catch (RuntimeException redisFailed) {
            LOG.debugf("Status of %s read from PostgreSQL, Redis failed: %s", id, redisFailed.getMessage());
            cached = Optional.empty();
        }
        return cached.or(() -> findDurable(id)).orElseThrow(() -> new UnknownPredictionException(id));
    }

    /** The durable record, read in a transaction of its own (after the Redis status has expired). */
    public Optional<Prediction> findDurable(String id) {
        return QuarkusTransaction.requiringNew().call(() -> PredictionRecord.findPrediction(id));
    }

    /**
     * Records requested predictions durably, in one transaction: one statement per prediction, sent in JDBC
     * batches ({@code quarkus.hibernate-orm.jdbc.statement-batch-size}). Idempotent: a redelivered prediction
     * already has its record and is left as it is. A later step's consumer may write a record from the Redis status
     * between the batch's look and its insert (a fast pipeline does, often); the batch then fails on the taken key and
     * is tried again at once, when its look sees that record, instead of after the consumer's patient backoff, which
     * would hold every later batch (docs/benchmarks/README.md, "What was tried").
     */
    public void recordRequested(List<Prediction> requested) {
        Map<String, Prediction> byId = new LinkedHashMap<>();
        requested.forEach(prediction -> byId.putIfAbsent(prediction.id(), prediction));
        if (byId.isEmpty()) {
            return;
        }
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> recordMissing(byId));
                return;
            } catch (RuntimeException failed) {
                if (attempt == RECORD_ATTEMPTS_ON_TAKEN_KEY || !isTakenKey(failed)) {
                    throw failed;
                }
                LOG.debugf("A record of the batch was written by another consumer first; trying again (%d)", attempt);
            }
        }
    }

    private static void recordMissing(Map<String, Prediction> byId) {
        Set<String> recorded = PredictionRecord.findRecordedIds(byId.keySet());
        byId.values().stream()
                .filter(prediction -> !recorded.contains(prediction.id()))
                .forEach(prediction -> PredictionRecord.from(prediction).persist());
    }

    /** PostgreSQL's unique_violation (SQLSTATE 23505), wherever Hibernate and the transaction manager wrapped it. */
    private static boolean isTakenKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
