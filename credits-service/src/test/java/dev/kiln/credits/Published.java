package dev.kiln.credits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.KafkaProbe;

/**
 * An event this service published, read back from Kafka. Reading it checks the contract: the payload matches
 * docs/asyncapi.yaml for its topic and ce_type, the key and ce_subject are the prediction id, and the CloudEvents
 * headers are those of binary mode.
 */
record Published(String predictionId, String type, String id, String value, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    static Published of(KafkaProbe.Event event) {
        TestEvents.CONTRACT.assertValid(event.topic(), event.type(), event.json());
        JsonNode body;
        try {
            body = JSON.readTree(event.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(event.key(), body.path("prediction_id").asText(), "record key");
        assertEquals(event.key(), event.header("ce_subject"), "ce_subject");
        assertEquals("1.0", event.header("ce_specversion"), "ce_specversion");
        assertEquals("credits-service", event.header("ce_source"), "ce_source");
        assertEquals("application/json", event.header("content-type"), "content-type");
        return new Published(event.key(), event.type(), event.header("ce_id"), event.json(), body);
    }

    /** The events the probe recorded so far on the topic for the prediction, in arrival order. */
    static List<KafkaProbe.Event> seen(KafkaProbe probe, String topic, String predictionId) {
        return probe.eventsFor(predictionId).stream().filter(event -> topic.equals(event.topic())).toList();
    }

    /** Waits for the first record on the topic for the prediction, whatever it holds (a dead letter, say). */
    static KafkaProbe.Event awaitRecord(KafkaProbe probe, String topic, String predictionId) {
        return await().atMost(WAIT).until(() -> seen(probe, topic, predictionId).stream().findFirst(),
                java.util.Optional::isPresent).get();
    }

    /** Waits for the first event on the topic for the prediction that the filter keeps. */
    static Published awaitFirst(KafkaProbe probe, String topic, String predictionId,
            Predicate<KafkaProbe.Event> filter) {
        return Published.of(await().atMost(WAIT).until(
                () -> seen(probe, topic, predictionId).stream().filter(filter).findFirst(),
                java.util.Optional::isPresent).get());
    }

    static Published awaitFirst(KafkaProbe probe, String topic, String predictionId) {
        return awaitFirst(probe, topic, predictionId, event -> true);
    }

    /**
     * Waits for at least {@code count} events on the topic for the prediction and returns all of them in arrival
     * order. More may have come: delivery is at least once, and a redelivered record is published again.
     */
    static List<Published> awaitAll(KafkaProbe probe, String topic, String predictionId, int count) {
        return await().atMost(WAIT).until(() -> seen(probe, topic, predictionId), events -> events.size() >= count)
                .stream().map(Published::of).toList();
    }

    long amount() {
        return body.path("amount").asLong(-1);
    }

    long available() {
        return body.path("available").asLong(-1);
    }

    long reserved() {
        return body.path("reserved").asLong(-1);
    }
}
