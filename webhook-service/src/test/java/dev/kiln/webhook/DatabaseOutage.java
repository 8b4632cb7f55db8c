package dev.kiln.webhook;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes the service's own database unavailable and back, as a failover does: no new connection is allowed, and every
 * open one is cut. Done as an administrator on the same server (postgres, as psql -U postgres works here; the
 * container's kiln role is one too), never by stopping PostgreSQL, which other services' tests share.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String adminUrl;
    private final String database;
    private boolean down;

    private DatabaseOutage(String jdbcUrl) {
        int slash = jdbcUrl.lastIndexOf('/');
        String tail = jdbcUrl.substring(slash + 1);
        this.database = tail.contains("?") ? tail.substring(0, tail.indexOf('?')) : tail;
        this.adminUrl = jdbcUrl.substring(0, slash) + "/postgres";
    }

    /** Starts the outage of the database that {@code jdbcUrl} names. */
    public static DatabaseOutage of(String jdbcUrl) throws SQLException {
        DatabaseOutage outage = new DatabaseOutage(jdbcUrl);
        outage.execute("ALTER DATABASE " + outage.database + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + outage.database + "'");
        outage.down = true;
        return outage;
    }

    /** Ends the outage; safe to call twice. */
    @Override
    public void close() throws SQLException {
        if (down) {
            execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            down = false;
        }
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(adminUrl, "postgres", "");
        } catch (SQLException notTheMachinesServer) {
            return DriverManager.getConnection(adminUrl, "kiln", "kiln");
        }
    }
}
