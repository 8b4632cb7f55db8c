package dev.kiln.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.gateway.eta.EtaConfig;
import dev.kiln.gateway.eta.RunTimes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * eta (issue 10, "Live status"): every prediction that has not ended says when it is expected to be complete, from
 * its mode's recent run times at a percentile (kiln.gateway.eta.*: in the test profile the 90th of the latest 20,
 * from 10 samples on), its configured estimate until there are enough; an ended one has none.
 */
@QuarkusTest
class EtaTest {

    static KafkaProbe kafka;

    @Inject
    RunTimes runTimes;

    @Inject
    EtaConfig config;

    @Inject
    RedisDataSource redis;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        LiveStatusTest.kafka = kafka;
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** Speed mode's samples of this test run (its own key prefix), forgotten: other tests' successes recorded some. */
    @BeforeEach
    void noSamplesYet() {
        assertTrue(config.keyPrefix().contains("test-"), "a test run's own keys: " + config.keyPrefix());
        redis.key().del(config.keyPrefix() + "{jersey/speed}:wait", config.keyPrefix() + "{jersey/speed}:run");
        await().atMost(Duration.ofSeconds(10)).until(() -> !runTimes.expected("jersey", "speed", 5).measured());
    }

    private static Instant instant(String id, String field) {
        String value = given().get("/v1/predictions/" + id).then().statusCode(200).extract().path(field);
        return value == null ? null : Instant.parse(value);
    }

    private void seed(int samples, int firstWaitSeconds, int firstRunSeconds) {
        for (int i = 0; i < samples; i++) {
            runTimes.record("jersey", "speed", Duration.ofSeconds(firstWaitSeconds + i),
                    Duration.ofSeconds(firstRunSeconds + i)).await().indefinitely();
        }
    }

    @Test
    void isTheSubmitPlusTheEstimateUntilTheModeHasEnoughRunTimes() {
        seed(config.minSamples() - 1, 100, 200); // one too few: not yet believed
        runTimes.refresh().await().indefinitely();
        assertFalse(runTimes.expected("jersey", "speed", 5).measured());

        String id = Predictions.submit(UUID.randomUUID().toString());
        assertEquals(instant(id, "created_at").plusSeconds(5), instant(id, "eta"),
                "estimated_seconds (5) after the submit, and no wait");
    }

    @Test
    void followsThePercentileOfTheModesRecentRunTimesBeforeAndAfterItStarts() {
        // 20 samples (the window): waits 1..20 s, runs 21..40 s; the 90th percentile (nearest rank: the 18th) is a
        // wait of 18 s and a run of 38 s.
        seed(config.window(), 1, 21);
        runTimes.refresh().await().indefinitely();
        // Also read every second (test profile): one that started halfway through the seeding is overtaken by the next.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                new RunTimes.Expected(Duration.ofSeconds(18), Duration.ofSeconds(38), true),
                runTimes.expected("jersey", "speed", 5)));

        String id = Predictions.submit(UUID.randomUUID().toString());
        Instant created = instant(id, "created_at");
        assertEquals(created.plusSeconds(18 + 38), instant(id, "eta"), "waiting: submit + wait + run");

        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
        LiveStatusTest.publish("prediction.progressed", "prediction.progressed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"rendering\\n","started_at":"%s","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), started, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));
        assertEquals(started.plusSeconds(38), instant(id, "eta"), "running: its start + run");

        LiveStatusTest.publish("prediction.completed", "prediction.completed", id, """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"succeeded",
                 "output":["http://localhost:8090/files/p/0.png"],"error":null,"logs":"done\\n",
                 "metrics":{"predict_time":3.0,"total_time":3.2},"started_at":"%s","completed_at":"%s",
                 "occurred_at":"%s"}""".formatted(id, id.substring(1), started, Instant.now(), Instant.now()));
        LiveStatusTest.stored(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> "succeeded".equals(Predictions.status(id)));
        given().get("/v1/predictions/" + id).then().body("eta", nullValue()).body("queue_position", nullValue());

        // Its own run is recorded for the mode: the newest sample, from its start to its end.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> runs = redis.list(String.class).lrange(config.keyPrefix() + "{jersey/speed}:run", 0, 0);
            long run = Long.parseLong(runs.get(0));
            assertTrue(run >= 3000 && run < 30000, "about 3 s and a bit, not a seeded one: " + run);
        });
        given().get("/v1/predictions/" + id).then().body("status", equalTo("succeeded"));
    }
}
