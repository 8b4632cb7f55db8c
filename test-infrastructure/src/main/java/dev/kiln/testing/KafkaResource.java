package dev.kiln.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.testcontainers.kafka.KafkaContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Kafka for a service's tests: the stack's KRaft broker, else a container of the same Kafka version. The tests get
 * their own topics and consumer groups ({@link TestTopics}), so they can run while {@code ./stack up} runs.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    static final int DEFAULT_PORT = 9092;

    private static volatile String bootstrapServers;

    private KafkaContainer container;
    private TestTopics topics;

    @Override
    public Map<String, String> start() {
        var configured = Optional.ofNullable(System.getenv(BOOTSTRAP_VARIABLE)).filter(value -> !value.isBlank());
        if (configured.isPresent()) {
            return bootstrap(configured.get());
        }
        var local = LocalServer.find(BOOTSTRAP_VARIABLE + "_PORT", DEFAULT_PORT);
        if (local.isPresent()) {
            return bootstrap(local.get().address());
        }
        if (!DockerEngine.answers()) {
            throw DockerEngine.missing("Kafka", BOOTSTRAP_VARIABLE, DEFAULT_PORT);
        }
        container = new KafkaContainer("apache/kafka-native:4.1.2");
        container.start();
        return bootstrap(container.getBootstrapServers());
    }

    /** The service's own topics and groups for this run (see {@link TestTopics}), on these servers. */
    private Map<String, String> bootstrap(String servers) {
        bootstrapServers = servers;
        topics = TestTopics.forThisRun();
        Map<String, String> config = new HashMap<>(topics.overrides());
        topics.create(servers);
        config.put("kafka.bootstrap.servers", servers);
        return config;
    }

    /** The bootstrap servers the running tests use, for a {@link KafkaProbe}. */
    public static String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The Kafka test resource has not started");
        }
        return bootstrapServers;
    }

    @Override
    public void stop() {
        if (topics != null) {
            topics.delete(bootstrapServers);
        }
        if (container != null) {
            container.stop();
        }
    }
}
