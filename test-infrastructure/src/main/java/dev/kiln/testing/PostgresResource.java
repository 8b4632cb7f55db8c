package dev.kiln.testing;

import java.util.Map;

import org.testcontainers.postgresql.PostgreSQLContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * PostgreSQL for a service's tests. Init arg {@code database} names the service's database (e.g. kiln_credits). On the
 * stack's server the tests get a database of their own, named after it ({@link TestDatabase}: created at start,
 * dropped at stop), never the one a running stack uses; in a container, the container's. Flyway migrates it when the
 * service starts.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String PORT_VARIABLE = "KILN_POSTGRES_PORT";
    static final int DEFAULT_PORT = 5432;
    private static final String ROLE = "kiln";

    private String database;
    private PostgreSQLContainer container;
    private TestDatabase own;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "kiln");
    }

    @Override
    public Map<String, String> start() {
        var local = LocalServer.find(PORT_VARIABLE, DEFAULT_PORT);
        if (local.isPresent()) {
            own = TestDatabase.create(local.get().address(), database);
            return datasource(own.jdbcUrl(), ROLE, ROLE);
        }
        if (!DockerEngine.answers()) {
            throw DockerEngine.missing("PostgreSQL", PORT_VARIABLE, DEFAULT_PORT);
        }
        container = new PostgreSQLContainer("postgres:16-alpine")
                .withDatabaseName(database)
                .withUsername(ROLE)
                .withPassword(ROLE);
        container.start();
        return datasource(container.getJdbcUrl(), ROLE, ROLE);
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    @Override
    public void stop() {
        if (own != null) {
            own.drop();
            own = null;
        }
        if (container != null) {
            container.stop();
        }
    }
}
