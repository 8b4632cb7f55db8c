import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a pipeline run's time went: every prediction's records on the phase's topics, by their timestamps (each
 * producer's clock, all on this machine), as the time since its prediction.requested, percentiles over every
 * prediction. The first record of each CloudEvents type counts (a prediction.progressed's first is "processing").
 * Prints one line per step, for bench/run.sh and for reading: {@code BENCH-STAGE <type> n=.. p50_ms=.. p99_ms=..}.
 *
 * Only the predictions requested from FROM_MS to TO_MS (epoch milliseconds) count when they are given, so that one
 * phase's runs (a warm-up, one prediction at a time, many at once) are told apart.
 *
 * <pre>java -cp KAFKA_CLIENTS PipelineStages.java BOOTSTRAP TOPIC_PREFIX [FROM_MS TO_MS]</pre>
 */
public class PipelineStages {

    private static final List<String> TOPICS = List.of("prediction.requested", "credits.reservations",
            "prediction.dispatched", "prediction.progressed", "prediction.completed", "prediction.stored",
            "credits.settlements");

    public static void main(String[] args) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // type -> prediction -> first timestamp of that type
        Map<String, Map<String, Long>> firsts = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(args[1] + topic).forEach(p -> partitions.add(new TopicPartition(p.topic(),
                        p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header type = record.headers().lastHeader("ce_type");
                    String name = type == null ? record.topic() : new String(type.value(), StandardCharsets.UTF_8);
                    firsts.computeIfAbsent(name, t -> new HashMap<>()).merge(record.key(), record.timestamp(),
                            Math::min);
                }
            }
        }
        long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE;
        long to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
        Map<String, Long> requested = new HashMap<>(firsts.getOrDefault("prediction.requested", Map.of()));
        requested.values().removeIf(at -> at < from || at >= to);
        for (var stage : firsts.entrySet()) {
            List<Long> since = new ArrayList<>();
            stage.getValue().forEach((id, at) -> {
                Long start = requested.get(id);
                if (start != null) {
                    since.add(at - start);
                }
            });
            Collections.sort(since);
            System.out.printf("BENCH-STAGE %s n=%d p50_ms=%d p90_ms=%d p99_ms=%d max_ms=%d%n", stage.getKey(),
                    since.size(), at(since, 50), at(since, 90), at(since, 99), at(since, 100));
        }
    }

    private static long at(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
