package dev.kiln.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Issue 8, patient consumers: PostgreSQL unavailable for ~10 s while records arrive. The gateway holds them and
 * processes them once it is back (the durable record written, the reservation dispatched), nothing reaches a .dlq;
 * meanwhile a status read that Redis answers is 200, and what needs the database answers 503, never 500. The outage
 * is of a database of this test's own, so that other tests and a running stack are not disturbed.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnDatabase.class)
class DatabaseOutageTest {

    static final String DATABASE = "kiln_gateway_outage";
    static final String ADMIN_URL = "jdbc:postgresql://localhost:5432/postgres";

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            sql("SELECT 1"); // fails early and clearly when PostgreSQL's postgres role cannot log in
            try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                    var exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, DATABASE);
                if (!exists.executeQuery().next()) {
                    admin.createStatement().execute("CREATE DATABASE " + DATABASE + " OWNER kiln");
                }
                admin.createStatement().execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the test database " + DATABASE, e);
            }
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:5432/" + DATABASE);
        }
    }

    static KafkaProbe kafka;

    @InjectProvider
    WireMockServer provider;

    @Inject
    Lifecycle lifecycle;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested.dlq", "credits.reservations.dlq", "prediction.progressed.dlq");
    }

    @AfterAll
    static void close() {
        databaseUp();
        kafka.close();
    }

    private static void sql(String statement) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
            admin.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed", e);
        }
    }

    private static void databaseDown() {
        sql("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
    }

    private static void databaseUp() {
        sql("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
    }

    private int createsFor(String marker) {
        return provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker))).size();
    }

    @Test
    void holdsWhatArrivesDuringADatabaseOutageAndProcessesItAfterNothingDeadLettered() {
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"{{randomValue length=26 type='ALPHANUMERIC' lowercase=true}}\","
                                + "\"status\":\"starting\"}")
                        .withTransformers("response-template")));
        String known = Predictions.submit(UUID.randomUUID().toString());
        String redisFails = Predictions.submit(UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.findDurable(known).isPresent()
                && lifecycle.findDurable(redisFails).isPresent());
        String marker = UUID.randomUUID().toString();

        databaseDown();
        String during;
        try {
            during = Predictions.submit(marker); // Redis and Kafka: no database on the submit path
            kafka.send("credits.reservations", during, "credits.reserved", """
                    {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                     "occurred_at":"%s"}""".formatted(during, Instant.now()));
            kafka.send("prediction.progressed", known, "prediction.progressed", """
                    {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p1","status":"processing",
                     "logs":"rendering\\n","started_at":"2026-11-28T10:00:01Z","occurred_at":"%s"}"""
                    .formatted(known, Instant.now()));

            // Redis answers status reads; what needs PostgreSQL says when to come back.
            given().get("/v1/predictions/" + during).then().statusCode(200).body("status", equalTo("starting"));
            given().post("/v1/predictions/" + known + "/cancel").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("type", equalTo("https://kiln.dev/problems/service-unavailable"));
            String key = "kiln:prediction:" + redisFails;
            redis.key().del(key);
            redis.value(String.class).set(key, "not a status hash"); // Redis fails this read (WRONGTYPE)
            given().get("/v1/predictions/" + redisFails).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/service-unavailable"));
            redis.key().del(key);

            // ~10 s without the database: nothing can be dispatched, and nothing is given up either.
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> createsFor(marker) == 0);
        } finally {
            databaseUp();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> createsFor(marker) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.findDurable(during).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(known)));
        assertEquals(List.of(), kafka.eventsFor(during), "nothing of the prediction was dead-lettered");
        assertEquals(List.of(), kafka.eventsFor(known), "nothing of the prediction was dead-lettered");
    }
}
