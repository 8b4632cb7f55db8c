package dev.kiln.e2e;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The credits ledger as it is in PostgreSQL: what credits-service recorded for a prediction. */
final class Ledger {

    private Ledger() {
    }

    /** How many entries the user's account has (grants, reservations, settlements). */
    static long entryCountOf(String userId) {
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_credits"), "kiln", "kiln");
             var query = connection.prepareStatement("select count(*) from ledger_entries where user_id = ?")) {
            query.setString(1, userId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The amounts of the prediction's entries by kind, in the order they were made. */
    static List<String> movementsOf(String predictionId) {
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_credits"), "kiln", "kiln");
             var query = connection.prepareStatement(
                     "select kind, amount from ledger_entries where prediction_id = ? order by id")) {
            query.setString(1, predictionId);
            List<String> movements = new ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    movements.add(rows.getString(1) + " " + rows.getLong(2));
                }
            }
            return movements;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kinds of the prediction's entries, in the order they were made (reserve, then confirm or refund). */
    static List<String> entriesOf(String predictionId) {
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_credits"), "kiln", "kiln");
             var query = connection.prepareStatement(
                     "select kind from ledger_entries where prediction_id = ? order by id")) {
            query.setString(1, predictionId);
            List<String> kinds = new ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    kinds.add(rows.getString(1));
                }
            }
            return kinds;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
