package dev.kiln.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test run's own database on the stack's PostgreSQL server, as {@link TestTopics} gives it its own topics: created
 * empty at start (owned by the service's role kiln, so that Flyway migrates it when the service starts) and dropped at
 * stop. So a test run never meets a running stack's rows, its deadline sweeps or its migrations (another branch's may
 * be newer), an outage test takes down nothing but the run's own database, and two test runs (two forks of one
 * module, two worktrees) never share one. Its name is the service's database with the run's time and id,
 * {@code kiln_gateway_test_1764770000_k3x9q2}; one that a killed run left behind is dropped by a later run.
 */
final class TestDatabase {

    /** A run's database older than this was left by a run that was killed: no test run lasts as long. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(6);
    private static final String OWNER = "kiln";

    private final String server;
    private final String name;

    private TestDatabase(String server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates a new database for this run on the server ({@code host:port}), named after {@code database}. */
    static TestDatabase create(String server, String database) {
        String name = database + "_test_" + Instant.now().getEpochSecond() + "_" + TestTopics.newRunId();
        try (Connection admin = admin(server); Statement statement = admin.createStatement()) {
            dropAbandoned(statement, database);
            // template0 takes no connections, so a session on template1 (a psql left open) cannot fail the copy.
            statement.execute("CREATE DATABASE " + name + " OWNER " + OWNER + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test run's database " + name + " on " + server, e);
        }
        return new TestDatabase(server, name);
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + server + "/" + name;
    }

    /** Drops the database, ending any session still on it (the service has stopped by then). */
    void drop() {
        try (Connection admin = admin(server); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop the test run's database " + name + ": " + e);
        }
    }

    private static void dropAbandoned(Statement statement, String database) throws SQLException {
        Pattern ours = Pattern.compile(Pattern.quote(database) + "_test_(\\d+)_[a-z2-7]+");
        List<String> abandoned = new ArrayList<>();
        long before = Instant.now().minus(ABANDONED_AFTER).getEpochSecond();
        try (var rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                Matcher matcher = ours.matcher(rows.getString(1));
                if (matcher.matches() && Long.parseLong(matcher.group(1)) < before) {
                    abandoned.add(rows.getString(1));
                }
            }
        }
        for (String name : abandoned) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /**
     * A connection that may create databases: the superuser postgres, which ./stack's PostgreSQL trusts from localhost
     * (KILN_POSTGRES_ADMIN_USER and KILN_POSTGRES_ADMIN_PASSWORD name another), else kiln if it has CREATEDB.
     */
    private static Connection admin(String server) throws SQLException {
        String url = "jdbc:postgresql://" + server + "/postgres";
        String user = System.getenv().getOrDefault("KILN_POSTGRES_ADMIN_USER", "postgres");
        String password = System.getenv().getOrDefault("KILN_POSTGRES_ADMIN_PASSWORD", "");
        SQLException refused;
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            refused = e;
        }
        try {
            Connection kiln = DriverManager.getConnection(url, OWNER, OWNER);
            try (var may = kiln.createStatement().executeQuery(
                    "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (may.next() && may.getBoolean(1)) {
                    return kiln;
                }
            }
            kiln.close();
        } catch (SQLException e) {
            refused.addSuppressed(e);
        }
        throw new SQLException("Each test run creates a database of its own, which needs a role that may create"
                + " databases: " + user + " could not log in to " + url + " without a password (set"
                + " KILN_POSTGRES_ADMIN_USER and KILN_POSTGRES_ADMIN_PASSWORD to a superuser's), and the role kiln"
                + " may not (ALTER ROLE kiln CREATEDB allows it)", refused);
    }
}
