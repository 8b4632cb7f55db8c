package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * When Kafka cannot be reached for prediction.requested, the answer is a 503 within seconds (not the client's default
 * 60 s) and no trace of the prediction stays: the record never left the gateway. (A send that may have been written
 * is UncertainSubmitTest's.)
 */
@QuarkusTest
@TestProfile(KafkaDownTest.KafkaUnreachable.class)
class KafkaDownTest {

    public static class KafkaUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The timeouts are application.properties' own: what a client waits while Kafka is down is under test.
            return Map.of("mp.messaging.outgoing.prediction-requested-publish.bootstrap.servers", "localhost:1");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void answers503WithRetryAfterAndLeavesNoHalfCreatedPrediction() {
        String marker = UUID.randomUUID().toString();

        given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions")
                .then().statusCode(503)
                // Bounded by max.block.ms (5 s) and delivery.timeout.ms (10 s), not the client's 60 s/120 s defaults;
                // the margin is for a cold test JVM on a loaded machine (a whole submit path's first run).
                .time(lessThan(20000L))
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://kiln.dev/problems/service-unavailable"))
                .body("detail", containsString("Nothing was created"));

        // One server-side pass over the status keys: however many a shared Redis holds, this stays one call. Only
        // the hashes are status entries: other keys under the prefix (a prediction's event history, say) are not.
        long traces = redis.execute("EVAL", """
                local found = 0
                for _, key in ipairs(redis.call('KEYS', 'kiln:prediction:*')) do
                    local record = redis.call('TYPE', key).ok == 'hash' and redis.call('HGET', key, 'record')
                    if record and string.find(record, ARGV[1], 1, true) then found = found + 1 end
                end
                return found
                """, "0", marker).toLong();
        assertEquals(0, traces, "the status written before the publish was removed");
    }
}
