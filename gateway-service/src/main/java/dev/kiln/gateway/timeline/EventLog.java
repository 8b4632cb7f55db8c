package dev.kiln.gateway.timeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads one prediction's records from Kiln's topics. Every record is keyed by its prediction id and producers use
 * the default partitioner, so on each topic only the key's partition can hold them: a short-lived consumer (no
 * group, nothing committed) assigns those partitions, seeks each to the first offset at or after the prediction's
 * created_at minus a look-back, reads up to the end offsets taken at the start, and keeps the records with the key.
 * Blocking, and bounded as a whole by {@link TimelineConfig#kafkaTimeout()}: call it from a worker thread.
 */
@ApplicationScoped
public class EventLog {

    private final String bootstrapServers;
    private final TimelineConfig config;
    private final ObjectMapper json;

    EventLog(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, TimelineConfig config,
            ObjectMapper json) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.json = json;
    }

    /**
     * The prediction's records on every topic, oldest first.
     *
     * @throws EventLogUnavailableException when Kafka did not give them all within the bound
     */
    public List<TimelineEvent> eventsOf(String predictionId, Instant createdAt) {
        long deadline = System.nanoTime() + config.kafkaTimeout().toNanos();
        byte[] key = predictionId.getBytes(UTF_8);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        KafkaConsumer<String, byte[]> consumer = consumer();
        try {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(remaining(deadline));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : config.topics()) {
                List<PartitionInfo> infos = topics.get(topic);
                if (infos == null || infos.isEmpty()) {
                    throw new EventLogUnavailableException("The topic " + topic + " does not exist.", null);
                }
                // The default partitioner's choice for a keyed record (BuiltInPartitioner.partitionForKey).
                partitions.add(new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % infos.size()));
            }
            long since = createdAt.minus(config.lookBack()).toEpochMilli();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times, remaining(deadline));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
            Map<TopicPartition, Long> toRead = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start != null && start.offset() < ends.get(partition)) { // null: nothing written since
                    toRead.put(partition, start.offset());
                }
            }
            consumer.assign(toRead.keySet());
            toRead.forEach(consumer::seek);
            while (!toRead.isEmpty()) {
                if (System.nanoTime() >= deadline) {
                    throw new EventLogUnavailableException("Kafka did not give the records of " + predictionId
                            + " within " + config.kafkaTimeout().toSeconds() + " s (still to read: "
                            + toRead.keySet() + ").", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition) && predictionId.equals(record.key())) {
                        found.add(record);
                    }
                }
                toRead.keySet().removeIf(partition -> consumer.position(partition) >= ends.get(partition));
            }
        } catch (KafkaException e) {
            throw new EventLogUnavailableException("Kafka did not answer within "
                    + config.kafkaTimeout().toSeconds() + " s: " + e.getMessage(), e);
        } finally {
            consumer.close(Duration.ZERO); // no group, nothing to commit or leave
        }
        List<String> topicOrder = config.topics();
        return found.stream()
                .sorted(Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
                        .thenComparingInt(record -> topicOrder.indexOf(record.topic()))
                        .thenComparingLong(ConsumerRecord::offset))
                .map(this::event)
                .toList();
    }

    private TimelineEvent event(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "ce_type");
        JsonNode data = data(record.value());
        return new TimelineEvent(Instant.ofEpochMilli(record.timestamp()), record.topic(), record.partition(),
                record.offset(), header(record, "ce_source"), type, TimelineEvent.outcomeOf(type, data), data);
    }

    /** The value as JSON, or as a JSON string when it is not JSON (what a broken producer wrote). */
    private JsonNode data(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            return json.getNodeFactory().textNode(new String(value, UTF_8));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        int timeout = (int) config.kafkaTimeout().toMillis();
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "gateway-service-timeline-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, timeout / 2),
                // A fetch answers as soon as there is anything, not after fetch.max.wait.ms (500 ms) per round.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
