package dev.kiln.gateway.dispatch;

import java.time.Instant;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

/**
 * What the gateway sent to the provider for one prediction (Panache active record, table {@code dispatches}).
 * Changed only while the prediction's row lock is held, or under this row's own lock.
 */
@Entity
@Table(name = "dispatches")
public class Dispatch extends PanacheEntityBase {

    public enum State {
        /** Recorded before the create call; still so after it only if the gateway crashed or the call is running. */
        CREATING,
        CREATED,
        FAILED,
        /** Canceled before any create: no provider prediction exists, and none will be made. */
        CANCELED
    }

    @Id
    @Column(name = "prediction_id")
    public String predictionId;
    public String provider;
    public int attempt;
    @Convert(converter = StateColumn.class)
    public State state;
    @Column(name = "cancel_requested")
    public boolean cancelRequested;
    @Column(name = "provider_prediction_id")
    public String providerPredictionId;
    @Column(name = "error_code")
    public String errorCode;
    /** When {@link ProviderCancels} may send the requested cancel (again); also its lease. */
    @Column(name = "cancel_next_at")
    public Instant cancelNextAt;
    @Column(name = "cancel_attempts")
    public int cancelAttempts;
    /** When the provider answered the cancel (or said it has no such job): nothing more to send. */
    @Column(name = "cancel_answered_at")
    public Instant cancelAnsweredAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Dispatch> findByPrediction(String predictionId) {
        return findByIdOptional(predictionId);
    }

    /** The dispatch, locked until the transaction ends. */
    public static Optional<Dispatch> lockByPrediction(String predictionId) {
        return findByIdOptional(predictionId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Records that a create of this attempt is about to be sent. */
    public static Dispatch recordCreating(String predictionId, String provider, int attempt) {
        Dispatch dispatch = findOrNew(predictionId, provider);
        dispatch.attempt = attempt;
        dispatch.state = State.CREATING;
        dispatch.persistIfNew();
        return dispatch;
    }

    /** Records that the prediction was canceled before any create: none will be made. */
    public static Dispatch recordCanceledBeforeDispatch(String predictionId, String provider) {
        Dispatch dispatch = findOrNew(predictionId, provider);
        dispatch.state = State.CANCELED;
        dispatch.persistIfNew();
        return dispatch;
    }

    private static Dispatch findOrNew(String predictionId, String provider) {
        return Dispatch.<Dispatch>findByIdOptional(predictionId).orElseGet(() -> {
            var dispatch = new Dispatch();
            dispatch.predictionId = predictionId;
            dispatch.provider = provider;
            return dispatch;
        });
    }

    private void persistIfNew() {
        if (!isPersistent()) {
            persist();
        }
    }

    public void markCreated(String createdId) {
        state = State.CREATED;
        providerPredictionId = createdId;
    }

    public void markFailed(String code) {
        state = State.FAILED;
        errorCode = code;
    }

    /**
     * Asks for the provider's job to be canceled: at once if its id is known, else as soon as the create answers;
     * {@link ProviderCancels} sends it until the provider answers. Idempotent.
     */
    public void requestCancel() {
        if (!cancelRequested) {
            cancelRequested = true;
            cancelNextAt = Instant.now();
        }
    }

    /** Whether a cancel was requested that the provider has not answered yet. */
    public boolean cancelPending() {
        return cancelRequested && cancelAnsweredAt == null;
    }

    @PrePersist
    void created() {
        createdAt = Instant.now();
        updatedAt = createdAt;
    }

    @PreUpdate
    void touch() {
        updatedAt = Instant.now();
    }

    /** The column holds the state in lower case (see its check constraint). */
    static class StateColumn implements AttributeConverter<State, String> {

        @Override
        public String convertToDatabaseColumn(State state) {
            return state == null ? null : state.name().toLowerCase();
        }

        @Override
        public State convertToEntityAttribute(String column) {
            return column == null ? null : State.valueOf(column.toUpperCase());
        }
    }
}
