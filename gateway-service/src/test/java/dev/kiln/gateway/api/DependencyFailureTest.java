package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.gateway.prediction.Lifecycle;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Issue 8, hole 9: a status read whose Redis read fails answers from PostgreSQL, never 500. (PostgreSQL failing
 * too, and cancels, are in DatabaseOutageTest.)
 */
@QuarkusTest
class DependencyFailureTest {

    @Inject
    RedisDataSource redis;

    @Inject
    Lifecycle lifecycle;

    @Test
    void aStatusReadThatRedisFailsIsAnsweredFromTheDurableRecord() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.findDurable(id).isPresent());

        // Redis fails the read for real: the key is a string, so HMGET answers WRONGTYPE.
        String key = "kiln:prediction:" + id;
        redis.key().del(key);
        redis.value(String.class).set(key, "not a status hash");
        try {
            given().when().get("/v1/predictions/" + id)
                    .then().statusCode(200)
                    .body("id", equalTo(id))
                    .body("status", equalTo("starting"));
        } finally {
            redis.key().del(key);
        }
    }
}
