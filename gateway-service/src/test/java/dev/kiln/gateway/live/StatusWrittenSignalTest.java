package dev.kiln.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.prediction.Lifecycle;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;

/**
 * The replica that writes a change tells its own streams at once, with no Kafka record involved: a record can reach
 * the live consumers before its change is written, and then they would look again only after the catch-up delay
 * (the pipeline's last ~100 ms in the benchmark, docs/benchmarks/README.md).
 */
@QuarkusTest
class StatusWrittenSignalTest {

    @Inject
    LiveSignals signals;

    @Inject
    Lifecycle lifecycle;

    @Test
    void aChangeThisReplicaWritesSignalsItsWatchersWithoutAKafkaRecord() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit to watch\"}}")
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");
        List<String> seen = new CopyOnWriteArrayList<>();
        Cancellable watching = signals.of(id).subscribe().with(seen::add);
        try {
            // Applied directly, as the status-change consumer does: nothing is sent to the status topics.
            lifecycle.apply(id, prediction -> prediction.withProgress(Instant.now(), "rendering\n"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            assertEquals(id, seen.get(0));
        } finally {
            watching.cancel();
        }
    }
}
