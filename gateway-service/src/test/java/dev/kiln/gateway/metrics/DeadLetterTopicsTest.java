package dev.kiln.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/** kiln_dlq_records covers every dead-letter topic: one per topic of deploy/kafka/topics.txt. */
class DeadLetterTopicsTest {

    @Test
    void theDepthGaugeWatchesTheDeadLetterTopicOfEveryTopic() throws Exception {
        Path topics = Path.of("..", "deploy", "kafka", "topics.txt");
        Set<String> expected = Files.readAllLines(topics).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+")[0] + ".dlq")
                .collect(Collectors.toCollection(TreeSet::new));
        String defaults = MetricsConfig.class.getMethod("deadLetterTopics").getAnnotation(WithDefault.class).value();
        Set<String> watched = Arrays.stream(defaults.split(",")).map(String::strip)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(expected, watched);
    }
}
