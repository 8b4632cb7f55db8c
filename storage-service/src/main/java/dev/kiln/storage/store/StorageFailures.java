package dev.kiln.storage.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The storage_failures table: predictions whose outputs could not be stored. A redelivered completion repeats the
 * same outcome instead of trying again, so a prediction already refunded is never stored (and shown) later.
 */
@ApplicationScoped
public class StorageFailures {

    private final DataSource database;

    StorageFailures(DataSource database) {
        this.database = database;
    }

    /** Why the prediction's outputs could not be stored, if they could not. */
    public Optional<String> reasonFor(String predictionId) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select reason from storage_failures where prediction_id = ?")) {
            statement.setString(1, predictionId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the storage failure of " + predictionId + " failed", e);
        }
    }

    /** Records the failure and answers the reason that stands: the first one recorded, if a delivery raced us. */
    public String record(String predictionId, String reason) {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "insert into storage_failures (prediction_id, reason) values (?, ?)"
                                + " on conflict (prediction_id) do nothing")) {
            statement.setString(1, predictionId);
            statement.setString(2, reason);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the storage failure of " + predictionId + " failed", e);
        }
        return reasonFor(predictionId).orElse(reason);
    }
}
