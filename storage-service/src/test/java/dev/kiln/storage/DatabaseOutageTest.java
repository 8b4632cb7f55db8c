package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.storage.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A patient consumer (issue 8): while storage-service's database is unavailable, a completion is retried, not
 * acknowledged and not dead-lettered, and it is stored once the database is back. (An S3 outage takes the same path:
 * any exception but UnreadableEventException is retried the same way.)
 */
@QuarkusTest
class DatabaseOutageTest {

    @FileHost.Inject
    WireMockServer fileHost;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @AfterEach
    void databaseBack() throws SQLException {
        allowConnections(true);
    }

    @Test
    void storesACompletionThatArrivedWhileTheDatabaseWasDownWithoutDeadLetteringIt() throws SQLException {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = "/files/" + id + "/0.png";
        fileHost.stubFor(get(path).willReturn(ok().withBody(png)));

        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED, TestEvents.COMPLETED_DLQ)) {
            allowConnections(false);
            // The outage is real for the service: its readiness sees the database gone.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "DOWN".equals(databaseCheck()));
            TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

            // Before issue 8 the record went to prediction.completed.dlq after 4 tries, 7 s of backoff and the failed
            // connection attempts: ~10 s.
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> TestEvents.seen(probe, TestEvents.COMPLETED_DLQ, id).isEmpty()
                            && TestEvents.seen(probe, TestEvents.STORED, id).isEmpty());
            allowConnections(true);

            var outcome = TestEvents.awaitOutcome(probe, id);
            assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
            assertEquals(Images.sha256(png), outcome.event().get("objects").get(0).get("sha256").asText());
            assertEquals(List.of(), TestEvents.seen(probe, TestEvents.COMPLETED_DLQ, id));
        }
    }

    /** The status of the service's database readiness check. */
    private static String databaseCheck() {
        return given().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'Database connections health check' }.status");
    }

    /**
     * Closes the service's database to new connections and ends its sessions (or opens it again), as the database's
     * owner (the service's role may do both for its own database and sessions), from the maintenance database.
     */
    private void allowConnections(boolean allowed) throws SQLException {
        String maintenance = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        String database = url.substring(url.lastIndexOf('/') + 1); // the test run's own (PostgresResource)
        try (Connection admin = DriverManager.getConnection(maintenance, user, password);
                var statement = admin.createStatement()) {
            statement.execute("alter database " + database + " allow_connections " + allowed);
            if (!allowed) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = '" + database + "' and usename = current_user and pid <> pg_backend_pid()");
            }
        }
    }
}
