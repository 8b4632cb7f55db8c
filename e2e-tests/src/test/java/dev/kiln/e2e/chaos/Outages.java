package dev.kiln.e2e.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kiln.e2e.Stack;

/**
 * Redis and PostgreSQL made unavailable for a while without stopping them: they are the machine's own servers, which
 * ./stack never stops. Redis: every client connection is dropped and every command paused (CLIENT PAUSE ALL, which
 * Redis lifts by itself when the time is up, so a test that dies meanwhile leaves nothing behind). PostgreSQL: the
 * Kiln databases refuse new connections and their sessions are terminated (ALLOW_CONNECTIONS false), then allowed
 * again; {@link #allowKilnDatabases} also repairs what a run killed mid-outage left.
 */
final class Outages {

    private Outages() {
    }

    /**
     * The services' databases: the last segment of each quarkus.datasource.jdbc.url in their application.properties,
     * as ./stack reads them.
     */
    static List<String> kilnDatabases(Path repository) throws IOException {
        List<String> databases = new ArrayList<>();
        for (String service : ChaosSettings.KILN_SERVICES) {
            Path properties = repository.resolve(service).resolve("src/main/resources/application.properties");
            if (!Files.exists(properties)) {
                continue;
            }
            for (String line : Files.readAllLines(properties)) {
                Matcher url = JDBC_URL.matcher(line.trim());
                if (url.matches() && !databases.contains(url.group(1))) {
                    databases.add(url.group(1));
                }
            }
        }
        return databases;
    }

    private static final Pattern JDBC_URL = Pattern.compile("quarkus\\.datasource\\.jdbc\\.url\\s*=.*/([a-z_]+)");

    /** Drops every normal client of Redis and pauses all commands for the duration; returns at once. */
    static void pauseRedis(Duration duration) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Stack.redisPort())) {
            socket.setSoTimeout(5000);
            redis(socket, "CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            redis(socket, "CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
        }
    }

    /** Sends one command and returns its first reply line (an error reply throws). */
    private static String redis(Socket socket, String... command) throws IOException {
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String reply = RedisReader.line(socket.getInputStream());
        if (reply.startsWith("-")) {
            throw new IOException("Redis answered " + String.join(" ", command) + " with " + reply);
        }
        return reply;
    }

    /** The Kiln databases refuse connections and lose their sessions; others on the server are untouched. */
    static void refuseKilnDatabases(List<String> databases) throws SQLException {
        try (var connection = superuser(); var statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            }
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ("
                    + quoted(databases) + ") AND pid <> pg_backend_pid()");
        }
    }

    static void allowKilnDatabases(List<String> databases) throws SQLException {
        try (var connection = superuser(); var statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
    }

    /** Which Kiln databases refuse connections now (empty after a clean run). */
    static List<String> refusingKilnDatabases(List<String> databases) throws SQLException {
        try (var connection = superuser(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT datname FROM pg_database WHERE NOT datallowconn AND datname IN ("
                     + quoted(databases) + ")")) {
            List<String> refusing = new java.util.ArrayList<>();
            while (rows.next()) {
                refusing.add(rows.getString(1));
            }
            return refusing;
        }
    }

    private static String quoted(List<String> databases) {
        return String.join(",", databases.stream().map(name -> "'" + name + "'").toList());
    }

    /** The server's superuser, as ./stack connects: postgres over TCP, trusted locally (KILN_CHAOS_PG_USER). */
    private static java.sql.Connection superuser() throws SQLException {
        String user = System.getenv().getOrDefault("KILN_CHAOS_PG_USER", "postgres");
        return DriverManager.getConnection(Stack.jdbcUrl("postgres"), user,
                System.getenv().getOrDefault("KILN_CHAOS_PG_PASSWORD", ""));
    }

    /** RESP reading, just what the chaos suite needs. */
    static final class RedisReader {

        private RedisReader() {
        }

        static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\r') {
                    in.read();
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("Redis closed the connection");
        }
    }
}
