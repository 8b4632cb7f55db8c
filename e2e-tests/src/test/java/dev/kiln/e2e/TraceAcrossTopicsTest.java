package dev.kiln.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.TraceContext;
import io.restassured.http.ContentType;

/**
 * One prediction is one trace (docs/observability.md): a client submits with its own W3C traceparent, and every record
 * of that prediction on every topic, published by four services and across the provider's webhook, carries its trace
 * id.
 */
class TraceAcrossTopicsTest {

    /** The topics a prediction that succeeds and is stored crosses; prediction.progressed too when it is reported. */
    private static final Set<String> EVERY_STEP = Set.of("prediction.requested", "credits.reservations",
            "prediction.dispatched", "prediction.completed", "prediction.stored", "credits.settlements");
    private static KafkaProbe kafka;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(Stack.kafkaBootstrapServers()).listen("prediction.requested", "credits.reservations",
                "prediction.dispatched", "prediction.progressed", "prediction.completed", "prediction.stored",
                "credits.settlements");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    @BeforeEach
    void fastSimulator() {
        Simulator.reset();
        Simulator.faults(Simulator.FAST);
    }

    @AfterEach
    void resetSimulator() {
        Simulator.reset();
    }

    @Test
    void everyRecordOfAPredictionOnEveryTopicCarriesTheTraceIdOfItsSubmission() {
        Users.User user = Users.create();
        TraceContext client = TraceContext.fresh();
        String id = user.to(Gateway.url()).header("traceparent", client.traceparent(false))
                .contentType(ContentType.JSON).body(Gateway.body("speed", "one trace"))
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");
        assertEquals("succeeded", Gateway.awaitTerminal(user, id, Duration.ofSeconds(30)).getString("status"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Set<String> topics = kafka.eventsFor(id).stream().map(KafkaProbe.Event::topic)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertTrue(topics.containsAll(EVERY_STEP), "topics seen: " + topics);
        });
        Map<String, String> traceIds = new TreeMap<>();
        for (KafkaProbe.Event event : kafka.eventsFor(id)) {
            traceIds.put(event.topic() + " " + event.type(), TraceContext.traceIdOf(event.header("traceparent")));
        }
        assertEquals(Set.of(client.traceId()), traceIds.values().stream().collect(Collectors.toSet()), "trace ids by record: " + traceIds);
    }
}
