package dev.kiln.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a request left behind, to prove that it changed nothing: the end offset of every partition of every Kiln
 * topic (deploy/kafka/topics.txt and each one's .dlq) before it, and the values the test watches (a prediction's
 * status, a ledger's length). Afterwards every record written meanwhile is read: none may carry the request's
 * marker (a string unique to it, placed in its body) or be keyed by a prediction it must not touch; and every watched
 * value must read the same. Other predictions may run meanwhile, so records are attributed, not merely counted.
 * No waiting is needed: every service writes its first record before it answers (a 2xx only after the broker's ack),
 * and any later effect follows from that first record, which would be caught.
 */
final class Footprint {

    private static final List<String> TOPICS = topics();

    private final String marker;
    private final List<String> untouchableKeys;
    private final Map<String, Supplier<Object>> watched = new LinkedHashMap<>();
    private final Map<String, Object> before = new LinkedHashMap<>();
    private Map<TopicPartition, Long> offsetsBefore;

    private Footprint(String marker, List<String> untouchableKeys) {
        this.marker = marker;
        this.untouchableKeys = untouchableKeys;
    }

    /** Starts watching: records carrying the marker, or keyed by one of the untouchable prediction ids, count. */
    static Footprint of(String marker, List<String> untouchablePredictions) {
        return new Footprint(marker, untouchablePredictions);
    }

    Footprint watching(String what, Supplier<Object> value) {
        watched.put(what, value);
        return this;
    }

    /** Takes the picture before the request. */
    Footprint before() {
        watched.forEach((what, value) -> before.put(what, value.get()));
        offsetsBefore = endOffsets();
        return this;
    }

    /** Asserts that nothing changed since {@link #before()}. */
    void assertNothingChanged(String request) {
        List<String> traces = new ArrayList<>();
        for (ConsumerRecord<String, String> record : recordsSince(offsetsBefore)) {
            boolean marked = (record.value() != null && record.value().contains(marker))
                    || (record.key() != null && record.key().contains(marker));
            if (marked || untouchableKeys.contains(record.key())) {
                traces.add(record.topic() + " key=" + record.key() + " " + record.value());
            }
        }
        assertTrue(traces.isEmpty(), () -> request + " left records on Kafka: " + traces);
        watched.forEach((what, value) -> assertEquals(before.get(what), value.get(),
                () -> request + " changed " + what));
    }

    private static Map<TopicPartition, Long> endOffsets() {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            return consumer.endOffsets(partitions, Duration.ofSeconds(10));
        }
    }

    private static List<ConsumerRecord<String, String>> recordsSince(Map<TopicPartition, Long> from) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = consumer()) {
            Map<TopicPartition, Long> to = consumer.endOffsets(from.keySet(), Duration.ofSeconds(10));
            List<TopicPartition> grown = from.keySet().stream().filter(p -> to.get(p) > from.get(p)).toList();
            if (grown.isEmpty()) {
                return records;
            }
            consumer.assign(grown);
            grown.forEach(partition -> consumer.seek(partition, from.get(partition)));
            long deadline = System.currentTimeMillis() + 15_000;
            while (grown.stream().anyMatch(p -> consumer.position(p) < to.get(p))
                    && System.currentTimeMillis() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < to.get(partition)) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-footprint-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    /** Kiln's topics as deploy/kafka/topics.txt declares them, each with its .dlq. */
    private static List<String> topics() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("deploy/kafka/topics.txt");
            if (Files.isRegularFile(file)) {
                try {
                    List<String> topics = new ArrayList<>();
                    for (String line : Files.readAllLines(file)) {
                        String name = line.strip().split("\\s+")[0];
                        if (!name.isEmpty() && !name.startsWith("#")) {
                            topics.add(name);
                            topics.add(name + ".dlq");
                        }
                    }
                    return topics;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("deploy/kafka/topics.txt not found above " + Path.of("").toAbsolutePath());
    }
}
