package dev.kiln.credits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Patient consumers (issue 8): the ledger's database goes away for 20 s while each of the three consumers has
 * a record to process. Every record is processed once the database is back, and none reaches a .dlq (before issue 8,
 * each went there after about 6 s of retries, stranding a reservation or its settlement).
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final List<String> DEAD_LETTERS =
            List.of("prediction.requested.dlq", "prediction.completed.dlq", "prediction.stored.dlq");

    private final String user = TestEvents.user();
    private final String succeeds = TestEvents.predictionId();
    private final String storageFails = TestEvents.predictionId();
    private final String requestedDuringTheOutage = TestEvents.predictionId();

    @Test
    void recordsConsumedWhileTheDatabaseIsAwayAreProcessedWhenItIsBackAndNoneIsDeadLettered() throws SQLException {
        List<String> topics = new java.util.ArrayList<>(DEAD_LETTERS);
        topics.add(ReservationsTest.RESERVATIONS);
        topics.add(SettlementsTest.SETTLEMENTS);
        try (KafkaProbe probe = TestEvents.probe(topics.toArray(String[]::new))) {
            ReservationsTest.reserve(probe, succeeds, user, 3);
            ReservationsTest.reserve(probe, storageFails, user, 2);

            try (Connection admin = admin()) {
                refuseConnections(admin);
                try {
                    TestEvents.publish(probe, ReservationsTest.REQUESTED, EventTypes.PREDICTION_REQUESTED,
                            requestedDuringTheOutage, TestEvents.requested(requestedDuringTheOutage, user, 1));
                    TestEvents.publish(probe, SettlementsTest.COMPLETED, EventTypes.PREDICTION_COMPLETED, succeeds,
                            TestEvents.completed(succeeds, "succeeded"));
                    TestEvents.publish(probe, SettlementsTest.STORED, EventTypes.PREDICTION_STORAGE_FAILED,
                            storageFails, TestEvents.storageFailed(storageFails));
                    // The outage lasts 20 s, longer than the old retries (5, with 6 s of waits in all), and nothing
                    // is dead-lettered meanwhile.
                    await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30))
                            .until(() -> deadLetters(probe) == 0);
                } finally {
                    allowConnections(admin);
                }
            }

            Published reserved = Published.awaitFirst(probe, ReservationsTest.RESERVATIONS, requestedDuringTheOutage);
            assertEquals(EventTypes.CREDITS_RESERVED, reserved.type());
            assertEquals(EventTypes.CREDITS_CONFIRMED,
                    Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, succeeds).type());
            assertEquals(EventTypes.CREDITS_REFUNDED,
                    Published.awaitFirst(probe, SettlementsTest.SETTLEMENTS, storageFails).type());
            assertEquals(0, deadLetters(probe));
        }
        List<String> ledger = Ledgers.of(user);
        assertEquals(6, ledger.size(), ledger::toString);
        // grant, two reservations before; a reservation, a confirm and a refund after, in whichever order.
        assertEquals(List.of("reserve 2 5/5", "reserve 3 7/3", "grant 10 10/0"), ledger.subList(3, 6));
        assertTrue(ledger.subList(0, 3).stream().map(line -> line.substring(0, line.indexOf(' '))).sorted().toList()
                .equals(List.of("confirm", "refund", "reserve")), ledger::toString);
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", org.hamcrest.Matchers.equalTo(6)).body("reserved", org.hamcrest.Matchers.equalTo(1));
    }

    private long deadLetters(KafkaProbe probe) {
        return java.util.stream.Stream.of(user, succeeds, storageFails, requestedDuringTheOutage)
                .flatMap(key -> probe.eventsFor(key).stream())
                .filter(event -> DEAD_LETTERS.contains(event.topic())).count();
    }

    /**
     * A superuser's connection to the server's maintenance database: locally the machine's PostgreSQL trusts
     * {@code postgres}; KILN_POSTGRES_ADMIN_USER / _PASSWORD name another (a container's superuser, say).
     */
    private static Connection admin() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String server = url.substring(0, url.lastIndexOf('/'));
        String user = System.getenv().getOrDefault("KILN_POSTGRES_ADMIN_USER", "postgres");
        String password = System.getenv().getOrDefault("KILN_POSTGRES_ADMIN_PASSWORD", "");
        return DriverManager.getConnection(server + "/postgres", user, password);
    }

    /** The test run's own database (test-infrastructure's PostgresResource), never a running stack's kiln_credits. */
    private static String database() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static void refuseConnections(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database() + " allow_connections false");
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                    + database() + "' and pid <> pg_backend_pid()");
        }
    }

    private static void allowConnections(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database() + " allow_connections true");
        }
    }
}
