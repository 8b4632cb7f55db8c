package dev.kiln.gateway.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.prediction.PredictionIds;
import io.smallrye.config.WithDefault;

/** The timeline's reading of Kafka: every topic, and a bounded wait when Kafka does not answer. */
class EventLogTest {

    @Test
    void readsEveryTopicOfTheTopicList() throws Exception {
        List<String> expected = Files.readAllLines(Path.of("..", "deploy", "kafka", "topics.txt")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0])
                .toList();
        String defaults = TimelineConfig.class.getMethod("topics").getAnnotation(WithDefault.class).value();

        assertEquals(expected, Arrays.stream(defaults.split(",")).map(String::strip).toList());
    }

    @Test
    void givesUpWithinItsBoundWhenKafkaDoesNotAnswer() {
        var log = new EventLog("localhost:1", new Config(Duration.ofSeconds(2)), new ObjectMapper());

        long startedAt = System.nanoTime();
        var failure = assertThrows(EventLogUnavailableException.class,
                () -> log.eventsOf(PredictionIds.next(), Instant.now()));

        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "took " + took);
        assertTrue(failure.getMessage().startsWith("Kafka did not answer within 2 s"), failure.getMessage());
    }

    private record Config(Duration kafkaTimeout) implements TimelineConfig {

        @Override
        public List<String> topics() {
            return List.of("prediction.requested", "credits.settlements");
        }

        @Override
        public Duration lookBack() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Duration dependencyTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public int maxConcurrent() {
            return 1;
        }
    }
}
