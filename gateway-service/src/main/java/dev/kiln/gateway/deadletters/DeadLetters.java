package dev.kiln.gateway.deadletters;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.kiln.cloudevents.DeadLetterContext;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads dead-letter topics and replays their records. A replay writes the event back to the topic it was read from,
 * with its own key, value and headers (and {@value DeadLetterHeaders#REPLAYED_FROM}), so that every consumer of that
 * topic sees it again; each consumer takes an event once, so only those that had not processed it act on it. A dead
 * letter is replayed once: the replay is claimed in Redis first ({@code kiln:dead-letter-replay:<coordinates>}),
 * and a second one is refused. Blocking (Kafka clients, Redis): call it from worker threads.
 */
@ApplicationScoped
public class DeadLetters {

    private static final String REPLAY_KEY = "kiln:dead-letter-replay:";

    /** ARGV: who, retention in seconds. Returns 1 if this call claimed the replay, else the existing claim. */
    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
            redis.call('HSET', KEYS[1], 'state', 'replaying', 'by', ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private final String bootstrapServers;
    private final DeadLetterConfig config;
    private final RedisDataSource redis;
    private volatile KafkaProducer<byte[], byte[]> producer;

    DeadLetters(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, DeadLetterConfig config,
            RedisDataSource redis) {
        this.bootstrapServers = bootstrapServers;
        this.config = config;
        this.redis = redis;
    }

    /** The topic's dead letters, oldest first, at most {@code limit}. */
    public List<DeadLetter> list(String topic, int limit) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, config.kafkaTimeout());
            long deadline = System.nanoTime() + config.kafkaTimeout().toNanos();
            while (records.size() < limit && !readToEnd(consumer, ends) && System.nanoTime() < deadline) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
        } catch (KafkaException e) {
            throw new DeadLettersUnavailableException("The event log did not list " + topic + ".", e);
        }
        return records.stream()
                .sorted(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                        .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset))
                .limit(limit)
                .map(record -> view(record, replayOf(coordinates(topic, record.partition(), record.offset()))))
                .toList();
    }

    /**
     * Replays the dead letter at these coordinates and returns the replay.
     *
     * @throws UnknownDeadLetterException if there is no such record, or it is not a dead letter
     * @throws DeadLetterAlreadyReplayedException if it was replayed before (or is being replayed)
     */
    public DeadLetter.Replay replay(String topic, int partition, long offset, String by) {
        String coordinates = coordinates(topic, partition, offset);
        ConsumerRecord<byte[], byte[]> record = read(topic, partition, offset);
        String originalTopic = header(record, DeadLetterHeaders.TOPIC)
                .orElseThrow(() -> new UnknownDeadLetterException("The record " + coordinates + " has no "
                        + DeadLetterHeaders.TOPIC + " header: it is not a dead letter, and there is nowhere to"
                        + " replay it to."));
        String key = REPLAY_KEY + coordinates;
        var claim = redis.execute("EVAL", CLAIM, "1", key, by,
                Long.toString(config.replayRetention().toSeconds()));
        if (claim.type() != io.vertx.redis.client.ResponseType.NUMBER) {
            throw new DeadLetterAlreadyReplayedException(coordinates, replayOf(coordinates).orElse(null));
        }
        RecordMetadata written;
        try {
            var replayed = new ProducerRecord<>(originalTopic, null, record.key(), record.value());
            for (Header header : record.headers()) {
                if (!DeadLetterHeaders.describesTheDeadLettering(header.key())) {
                    replayed.headers().add(header);
                }
            }
            replayed.headers().add(DeadLetterHeaders.REPLAYED_FROM, coordinates.getBytes(UTF_8));
            written = producer().send(replayed).get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            redis.key().del(key); // not replayed: free to try again
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DeadLettersUnavailableException("The event log did not take the replay of " + coordinates + ".",
                    e);
        }
        var replay = new DeadLetter.Replay(Instant.now(), by, written.topic(), written.partition(), written.offset());
        redis.hash(String.class).hset(key, Map.of("state", "done", "by", by, "at", replay.replayedAt().toString(),
                "topic", replay.topic(), "partition", Integer.toString(replay.partition()),
                "offset", Long.toString(replay.offset())));
        return replay;
    }

    private ConsumerRecord<byte[], byte[]> read(String topic, int partition, long offset) {
        String coordinates = coordinates(topic, partition, offset);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition where = new TopicPartition(topic, partition);
            if (!partitions(consumer, topic).contains(where)) {
                throw new UnknownDeadLetterException(topic + " has no partition " + partition + ".");
            }
            consumer.assign(List.of(where));
            consumer.seek(where, offset);
            long end = consumer.endOffsets(List.of(where), config.kafkaTimeout()).get(where);
            long deadline = System.nanoTime() + config.kafkaTimeout().toNanos();
            while (offset < end && consumer.position(where) <= offset && System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        } catch (KafkaException e) {
            throw new DeadLettersUnavailableException("The event log did not give " + coordinates + ".", e);
        }
        throw new UnknownDeadLetterException("No record at " + coordinates + " (never written, or past the"
                + " topic's retention).");
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        var infos = consumer.listTopics().get(topic);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownDeadLetterException("No topic is named " + topic + ".");
        }
        return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static boolean readToEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private Optional<DeadLetter.Replay> replayOf(String coordinates) {
        Map<String, String> stored = redis.hash(String.class).hgetall(REPLAY_KEY + coordinates);
        if (stored == null || !"done".equals(stored.get("state"))) {
            return Optional.empty();
        }
        return Optional.of(new DeadLetter.Replay(Instant.parse(stored.get("at")), stored.get("by"),
                stored.get("topic"), Integer.parseInt(stored.get("partition")), Long.parseLong(stored.get("offset"))));
    }

    private static DeadLetter view(ConsumerRecord<byte[], byte[]> record, Optional<DeadLetter.Replay> replay) {
        Map<String, String> headers = new LinkedHashMap<>();
        record.headers().forEach(header -> headers.put(header.key(), text(header.value())));
        var original = new DeadLetter.Original(headers.get(DeadLetterHeaders.TOPIC),
                number(headers.get(DeadLetterHeaders.PARTITION)) == null ? null
                        : number(headers.get(DeadLetterHeaders.PARTITION)).intValue(),
                number(headers.get(DeadLetterHeaders.OFFSET)));
        var failure = new DeadLetter.Failure(headers.get(DeadLetterHeaders.REASON),
                headers.get(DeadLetterHeaders.CAUSE), headers.get(DeadLetterHeaders.EXCEPTION));
        var consumer = new DeadLetter.Consumer(headers.get(DeadLetterContext.CONSUMER),
                headers.get(DeadLetterContext.GROUP), number(headers.get(DeadLetterContext.ATTEMPTS)) == null ? null
                        : number(headers.get(DeadLetterContext.ATTEMPTS)).intValue());
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), text(record.key()), original, failure, consumer, headers,
                text(record.value()), replay.orElse(null));
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return Optional.ofNullable(header).map(found -> text(found.value()));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, UTF_8);
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String coordinates(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "gateway-service-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis() / 2),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.CLIENT_ID_CONFIG, "gateway-service-dead-letter-replay",
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.kafkaTimeout().toMillis(),
                            // delivery.timeout.ms must cover linger.ms plus request.timeout.ms
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis() / 2,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.kafkaTimeout().toMillis()),
                            new ByteArraySerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
