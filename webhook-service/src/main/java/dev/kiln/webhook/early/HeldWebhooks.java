package dev.kiln.webhook.early;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.webhook.dispatches.DatabaseUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Table {@code early_webhooks}: verified webhooks whose dispatch was not recorded yet. JDBC on worker threads. */
@ApplicationScoped
public class HeldWebhooks {

    /** One held webhook: its id and its body, exactly as signed. */
    public record Held(String webhookId, String body) {
    }

    private final DataSource database;

    HeldWebhooks(DataSource database) {
        this.database = database;
    }

    /** Holds it; holding the same webhook-id again changes nothing. */
    public Uni<Void> hold(String provider, String webhookId, String providerPredictionId, String body) {
        return blocking(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO early_webhooks (provider, webhook_id, provider_prediction_id, body)
                            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                insert.setString(1, provider);
                insert.setString(2, webhookId);
                insert.setString(3, providerPredictionId);
                insert.setString(4, body);
                insert.executeUpdate();
                return null;
            }
        }).replaceWithVoid();
    }

    /** The webhooks held for this provider prediction, in the order they arrived. */
    public Uni<List<Held>> heldFor(String provider, String providerPredictionId) {
        return blocking(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement select = connection.prepareStatement("""
                            SELECT webhook_id, body FROM early_webhooks
                             WHERE provider = ? AND provider_prediction_id = ? ORDER BY received_at""")) {
                select.setString(1, provider);
                select.setString(2, providerPredictionId);
                try (ResultSet rows = select.executeQuery()) {
                    List<Held> held = new ArrayList<>();
                    while (rows.next()) {
                        held.add(new Held(rows.getString(1), rows.getString(2)));
                    }
                    return held;
                }
            }
        });
    }

    /** Forgets one, once its event is published. */
    public Uni<Void> release(String provider, String webhookId) {
        return blocking(() -> {
            try (Connection connection = database.getConnection();
                    PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM early_webhooks WHERE provider = ? AND webhook_id = ?")) {
                delete.setString(1, provider);
                delete.setString(2, webhookId);
                delete.executeUpdate();
                return null;
            }
        }).replaceWithVoid();
    }

    /** Forgets webhooks held since before {@code before}: no dispatch of ours came for them. Blocking. */
    public int forgetBefore(Instant before) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM early_webhooks WHERE received_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(before));
            return delete.executeUpdate();
        }
    }

    private static <T> Uni<T> blocking(Statement<T> statement) {
        return Uni.createFrom().<T>item(() -> {
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
