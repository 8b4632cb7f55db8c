package dev.kiln.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.Predictions;
import dev.kiln.gateway.prediction.StatusStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A prediction's in-flight slot is freed by its terminal status, whichever path it reaches it by. */
@QuarkusTest
class InFlightReleaseTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    StatusStore statuses;

    private Double slotOf(String owner, String id) {
        return redis.sortedSet(String.class).zscore(SubmissionLimits.key(owner, Limit.Kind.IN_FLIGHT), id)
                .await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCanceledPredictionFreesItsSlot() {
        String id = Predictions.submit(UUID.randomUUID().toString());
        String owner = statuses.find(id).await().atMost(Duration.ofSeconds(5)).orElseThrow().owner();
        assertNotNull(slotOf(owner, id), "a submitted prediction holds a slot");

        given().when().post("/v1/predictions/" + id + "/cancel").then().statusCode(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> slotOf(owner, id) == null);
    }
}
