package dev.kiln.gateway.prediction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Issue 8, hole 1: a status change committed in PostgreSQL whose Redis write failed reaches Redis when the event is
 * tried again; GET never keeps showing the old status.
 */
@QuarkusTest
class StatusConvergenceTest {

    static KafkaProbe kafka;

    @Inject
    RedisDataSource redis;

    @Inject
    Lifecycle lifecycle;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @Test
    void aStatusWhoseRedisWriteFailedAfterItsCommitReachesRedisOnTheRetry() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        String key = "kiln:prediction:" + id;
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.findDurable(id).isPresent());
        Map<String, String> starting = redis.hash(String.class).hgetall(key);
        assertEquals("starting", Predictions.status(id));

        // Redis refuses the write for real: the key is a string, so the status script's HGET fails (WRONGTYPE).
        redis.key().del(key);
        redis.value(String.class).set(key, "not a status hash");
        kafka.send("prediction.progressed", id, "prediction.progressed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"p%s","status":"processing",
                 "logs":"rendering\\n","started_at":"2026-11-28T10:00:01Z","occurred_at":"%s"}"""
                .formatted(id, id.substring(1), Instant.now()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lifecycle.findDurable(id).orElseThrow().status() == PredictionStatus.PROCESSING);

        // Redis answers again and still holds the status from before the change, as after a write lost in transit.
        redis.key().del(key);
        redis.hash(String.class).hset(key, starting);

        await().atMost(Duration.ofSeconds(10)).until(() -> "processing".equals(Predictions.status(id)));
    }
}
