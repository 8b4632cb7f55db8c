package dev.kiln.storage.store;

import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A prediction whose outputs could not be stored: a row of storage_failures. A redelivered completion repeats the
 * same outcome instead of trying again, so a prediction already refunded is never stored (and shown) later.
 */
@Entity
@Table(name = "storage_failures")
public class StorageFailure extends PanacheEntityBase {

    @Id
    private String predictionId;
    private String reason;

    protected StorageFailure() {
        // for JPA
    }

    /** Why the prediction's outputs could not be stored, if they could not. */
    static Optional<String> findReason(String predictionId) {
        return StorageFailure.<StorageFailure> findByIdOptional(predictionId).map(failure -> failure.reason);
    }

    /**
     * Records the failure and answers the reason that stands: the first one recorded, if a delivery raced us. Call
     * it in a transaction.
     */
    static String record(String predictionId, String reason) {
        // Native SQL because JPA cannot say ON CONFLICT DO NOTHING: the first reason recorded must stay the outcome.
        getEntityManager().createNativeQuery("insert into storage_failures (prediction_id, reason)"
                        + " values (:prediction, :reason) on conflict (prediction_id) do nothing")
                .setParameter("prediction", predictionId)
                .setParameter("reason", reason)
                .executeUpdate();
        return findReason(predictionId).orElse(reason);
    }
}
