package dev.kiln.e2e;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The credits ledger as it is in PostgreSQL: what credits-service recorded for a prediction. */
final class Ledger {

    private Ledger() {
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
