package dev.kiln.gateway.prediction;

import java.util.List;
import java.util.function.UnaryOperator;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Moves predictions through their lifecycle. PostgreSQL serialises the changes to one prediction (a row lock), and
 * the result then goes to Redis with its version, where a newer version always wins. Blocking: call it from worker
 * threads only.
 */
@ApplicationScoped
public class Lifecycle {

    private final PredictionRecords records;
    private final StatusStore statuses;

    Lifecycle(PredictionRecords records, StatusStore statuses) {
        this.records = records;
        this.statuses = statuses;
    }

    /** Applies a change to the prediction and publishes the result to the read model; returns the result. */
    public Prediction apply(String id, UnaryOperator<Prediction> change) {
        record Change(Prediction before, Prediction after) {
            boolean changed() {
                return after.version() != before.version();
            }
        }
        Change result = QuarkusTransaction.requiringNew().call(() -> {
            Prediction current = lockOrRecover(id);
            Change applied = new Change(current, change.apply(current));
            if (applied.changed()) {
                records.update(applied.after());
            }
            return applied;
        });
        if (result.changed()) {
            statuses.put(result.after()).await().indefinitely();
        }
        return result.after();
    }

    /**
     * The locked record, created first from the Redis snapshot when this event overtook the prediction.requested
     * record (events of different topics arrive in any order). Call inside a transaction.
     */
    public Prediction lockOrRecover(String id) {
        return records.lock(id).orElseGet(() -> {
            Prediction snapshot = statuses.find(id).await().indefinitely()
                    .orElseThrow(() -> new UnknownPredictionException(id));
            records.insertIfAbsent(snapshot);
            return records.lock(id).orElseThrow();
        });
    }

    /** The prediction as it is now: Redis first, then PostgreSQL. */
    public Prediction current(String id) {
        return statuses.find(id).await().indefinitely()
                .or(() -> QuarkusTransaction.requiringNew().call(() -> records.find(id)))
                .orElseThrow(() -> new UnknownPredictionException(id));
    }

    /** Records requested predictions durably, in one transaction (idempotent). */
    public void record(List<Prediction> requested) {
        QuarkusTransaction.requiringNew().run(() -> requested.forEach(records::insertIfAbsent));
    }
}
