package dev.kiln.webhook.dispatches;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * "Dispatched, not finished", in PostgreSQL (table {@code dispatches}, kiln_webhook): the provider id ↔ prediction id
 * mapping, written only from prediction.dispatched, and the lost-webhook recovery's work list. It survives a restart
 * of anything, unlike the Redis keys it replaces. JDBC blocks, so the webhook path runs each statement on a worker
 * thread and awaits it as a Uni; the event loop never waits on the database.
 */
@ApplicationScoped
public class DispatchStore {

    private static final String COLUMNS = "prediction_id, provider, provider_prediction_id, attempt, finished_at";

    private final DataSource database;

    DispatchStore(DataSource database) {
        this.database = database;
    }

    /**
     * Records a dispatch. Writing the same record again changes nothing (its first recording stands, finished or not);
     * a record of an earlier attempt arriving late does not hide the later one, which {@link #findByPrediction}
     * prefers by its attempt.
     *
     * @param checkAfter when the recovery first asks the provider, unless a terminal webhook came before
     */
    public Uni<Void> save(DispatchRecord dispatch, String model, Instant dispatchedAt, Instant checkAfter) {
        return blocking(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO dispatches (provider, provider_prediction_id, prediction_id, attempt, model,
                                                    dispatched_at, check_after)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (provider, provider_prediction_id) DO NOTHING""")) {
                insert.setString(1, dispatch.provider());
                insert.setString(2, dispatch.providerPredictionId());
                insert.setString(3, dispatch.predictionId());
                insert.setInt(4, dispatch.attempt());
                insert.setString(5, model);
                insert.setTimestamp(6, Timestamp.from(dispatchedAt));
                insert.setTimestamp(7, Timestamp.from(checkAfter));
                insert.executeUpdate();
                return null;
            }
        }).replaceWithVoid();
    }

    /** The dispatch that created this provider prediction, if one of ours did. */
    public Uni<Optional<DispatchRecord>> findByProviderPrediction(String provider, String providerPredictionId) {
        return blocking(() -> one("SELECT " + COLUMNS + " FROM dispatches"
                + " WHERE provider = ? AND provider_prediction_id = ?", provider, providerPredictionId));
    }

    /** The latest recorded dispatch of our prediction. */
    public Uni<Optional<DispatchRecord>> findByPrediction(String predictionId) {
        return blocking(() -> one("SELECT " + COLUMNS + " FROM dispatches WHERE prediction_id = ?"
                + " ORDER BY attempt DESC LIMIT 1", predictionId));
    }

    /** Its terminal outcome was published: no webhook or recovery publishes anything for it again. */
    public Uni<Void> markFinished(String provider, String providerPredictionId) {
        return blocking(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement update = connection.prepareStatement("UPDATE dispatches SET finished_at = now()"
                            + " WHERE provider = ? AND provider_prediction_id = ? AND finished_at IS NULL")) {
                update.setString(1, provider);
                update.setString(2, providerPredictionId);
                update.executeUpdate();
                return null;
            }
        }).replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} unfinished dispatches whose time to ask the provider has come, and moves each one's
     * next check {@code backoff × 2^(checks so far)} ahead (at most {@code maxBackoff}), in one statement. Rows that
     * another replica is claiming at the same moment are skipped (FOR UPDATE SKIP LOCKED), and a claimed row is not
     * due again before its next check, so replicas never ask about the same dispatch at once. A dispatch that a later
     * attempt superseded is left alone: only the latest attempt of a prediction is ours to finish. Blocking.
     */
    public List<DispatchRecord> claimDue(int limit, Duration backoff, Duration maxBackoff) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement claim = connection.prepareStatement("""
                        UPDATE dispatches
                           SET check_after = now() + make_interval(secs => least(?, ? * power(2, least(recovery_attempts, 30)))),
                               recovery_attempts = recovery_attempts + 1
                         WHERE (provider, provider_prediction_id) IN (
                               SELECT d.provider, d.provider_prediction_id
                                 FROM dispatches d
                                WHERE d.finished_at IS NULL
                                  AND d.check_after <= now()
                                  AND NOT EXISTS (SELECT 1 FROM dispatches later
                                                   WHERE later.prediction_id = d.prediction_id
                                                     AND later.attempt > d.attempt)
                                ORDER BY d.check_after
                                LIMIT ?
                                  FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)) {
            claim.setDouble(1, maxBackoff.toMillis() / 1000.0);
            claim.setDouble(2, backoff.toMillis() / 1000.0);
            claim.setInt(3, limit);
            try (ResultSet rows = claim.executeQuery()) {
                List<DispatchRecord> claimed = new ArrayList<>();
                while (rows.next()) {
                    claimed.add(read(rows));
                }
                return claimed;
            }
        }
    }

    /** Forgets dispatches finished before {@code before}; a webhook of theirs arriving later is not ours any more. */
    public int forgetFinishedBefore(Instant before) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM dispatches WHERE finished_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(before));
            return delete.executeUpdate();
        }
    }

    private Optional<DispatchRecord> one(String sql, String... parameters) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static DispatchRecord read(ResultSet row) throws SQLException {
        return new DispatchRecord(row.getString("prediction_id"), row.getString("provider"),
                row.getString("provider_prediction_id"), row.getInt("attempt"), row.getTimestamp("finished_at") != null);
    }

    private static <T> Uni<T> blocking(Statement<T> statement) {
        return Uni.createFrom().item((Supplier<T>) () -> {
            try {
                return statement.run();
            } catch (SQLException e) {
                throw new DatabaseUnavailableException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run() throws SQLException;
    }
}
