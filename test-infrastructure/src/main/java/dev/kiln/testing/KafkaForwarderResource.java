package dev.kiln.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link KafkaForwarder} for one outgoing channel of the service under test: that channel's producer bootstraps
 * through it and, since the broker's {@code FORWARDED} listener advertises the forwarder's address, keeps talking
 * through it. The broker is the one {@link KafkaResource} found; the listener is read from the broker's own
 * configuration (deploy/local/kafka/server.properties: {@code FORWARDED://localhost:9094}, advertised as
 * {@code localhost:9095}, where the forwarder listens); a broker without it, such as KafkaResource's container, fails
 * the test with a message that says so. Init argument {@code channel}: the outgoing channel's name.
 */
public class KafkaForwarderResource implements QuarkusTestResourceLifecycleManager {

    static final String LISTENER = "FORWARDED";

    private static volatile KafkaForwarder forwarder;

    private String channel;

    @Override
    public void init(Map<String, String> initArgs) {
        channel = Optional.ofNullable(initArgs.get("channel")).filter(name -> !name.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("KafkaForwarderResource needs the init argument"
                        + " channel (an outgoing channel's name)"));
    }

    @Override
    public Map<String, String> start() {
        Config broker = brokerConfig(KafkaResource.bootstrapServers());
        URI listener = listener(broker, "listeners");
        URI advertised = listener(broker, "advertised.listeners");
        forwarder = new KafkaForwarder(advertised.getPort(),
                new InetSocketAddress(host(listener), listener.getPort()));
        return Map.of("mp.messaging.outgoing." + channel + ".bootstrap.servers",
                host(advertised) + ":" + advertised.getPort());
    }

    /** The forwarder of the running test. */
    public static KafkaForwarder forwarder() {
        if (forwarder == null) {
            throw new IllegalStateException("The Kafka forwarder test resource has not started");
        }
        return forwarder;
    }

    /** After {@link KafkaResource}, whose broker it forwards to. */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public void stop() {
        if (forwarder != null) {
            forwarder.close();
            forwarder = null;
        }
    }

    private static Config brokerConfig(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Node node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next();
            var resource = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the Kafka broker's listeners at " + bootstrapServers, e);
        }
    }

    /** A listener without a host ({@code FORWARDED://:9094}) listens on every interface, localhost among them. */
    private static String host(URI listener) {
        return listener.getHost() == null ? "localhost" : listener.getHost();
    }

    /** The {@code FORWARDED} entry of a listener list such as {@code PLAINTEXT://localhost:9092,FORWARDED://…}. */
    private static URI listener(Config broker, String key) {
        String value = broker.get(key) == null ? "" : String.valueOf(broker.get(key).value());
        for (String entry : value.split(",")) {
            if (entry.strip().startsWith(LISTENER + "://")) {
                return URI.create(entry.strip());
            }
        }
        throw new IllegalStateException("The Kafka broker has no " + LISTENER + " listener in its " + key + " ("
                + value + "). ./stack's broker has it since deploy/local/kafka/server.properties declares it (issue 8): one"
                + " started before that needs a restart (./stack down, then ./stack infra); a Testcontainers broker has"
                + " none");
    }
}
