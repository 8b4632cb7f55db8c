package dev.kiln.webhook.dispatches;

import java.sql.SQLException;

/** PostgreSQL did not answer or refused a statement: a "not now", never a verdict on the record or the webhook. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(SQLException cause) {
        super("PostgreSQL kiln_webhook: " + cause.getMessage(), cause);
    }
}
