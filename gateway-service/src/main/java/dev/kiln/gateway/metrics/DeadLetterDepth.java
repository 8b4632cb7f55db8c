package dev.kiln.gateway.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code kiln_dlq_records}, by topic: the records each dead-letter topic holds (end offset minus start offset, over
 * its partitions), read with the Kafka admin client every {@code kiln.gateway.metrics.refresh}. The gateway reports
 * every topic's .dlq, also those it does not write: one place for an alert to look. A topic that cannot be read
 * keeps its last value (NaN until it was read once).
 */
@ApplicationScoped
public class DeadLetterDepth {

    static final String DLQ_RECORDS = "kiln.dlq.records";
    private static final Logger LOG = Logger.getLogger(DeadLetterDepth.class);

    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final MetricsConfig config;
    private final String bootstrapServers;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kiln-dlq-depth");
        thread.setDaemon(true);
        return thread;
    });
    private Admin admin;

    DeadLetterDepth(MeterRegistry registry, MetricsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        config.deadLetterTopics().forEach(topic -> {
            AtomicLong depth = new AtomicLong(-1);
            depths.put(topic, depth);
            // Unknown until read: NaN, which no rate or comparison of an alert takes for a change.
            Gauge.builder(DLQ_RECORDS, depth, value -> value.get() < 0 ? Double.NaN : value.get())
                    .description("Records in a dead-letter topic, waiting to be looked at and replayed")
                    .tags("topic", topic).register(registry);
        });
    }

    void start(@Observes StartupEvent started) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "gateway-service-dlq-depth",
                // A broker that does not answer fails the refresh after 10 s; the gauge keeps its last value.
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        refresher.scheduleWithFixedDelay(this::refresh, 0, config.refresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
        if (admin != null) {
            admin.close();
        }
    }

    void refresh() {
        depths.forEach((topic, depth) -> {
            try {
                depth.set(depth(topic));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.debugf("Depth of %s not read: %s", topic, e.getMessage());
            }
        });
    }

    private long depth(String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).toList();
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(partition -> ends.get(partition).offset() - starts.get(partition).offset())
                .sum();
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), partition -> spec));
        return new HashMap<>(admin.listOffsets(request).all().get());
    }
}
