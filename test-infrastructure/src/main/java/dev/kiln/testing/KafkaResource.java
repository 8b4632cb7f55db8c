package dev.kiln.testing;

import java.util.Map;
import java.util.Optional;

import org.testcontainers.kafka.KafkaContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Kafka for a service's tests: the stack's KRaft broker, else a container of the same Kafka version. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    static final int DEFAULT_PORT = 9092;

    private static volatile String bootstrapServers;

    private KafkaContainer container;

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

    private static Map<String, String> bootstrap(String servers) {
        bootstrapServers = servers;
        return Map.of("kafka.bootstrap.servers", servers);
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
        if (container != null) {
            container.stop();
        }
    }
}
