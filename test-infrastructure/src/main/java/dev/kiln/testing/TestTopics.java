package dev.kiln.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A test run's own copy of Kiln's topics and consumer groups, so that service tests never share a record or a group
 * with a running stack (or with another test run): every topic a service's channels name gets the run's prefix
 * ({@code test-k3x9q2.prediction.requested}), every consumer group the run's suffix. The topics are created at start,
 * from {@code deploy/kafka/topics.txt} and the service's channel configuration, and deleted at stop.
 */
final class TestTopics {

    /** The system property that tells a {@link KafkaProbe} in the same JVM which prefix the run uses. */
    static final String PREFIX_PROPERTY = "dev.kiln.testing.topic-prefix";
    static final String GROUP_SUFFIX_PROPERTY = "dev.kiln.testing.group-suffix";

    private static final Pattern TOPIC_KEY =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(topic|dead-letter-queue\\.topic)");
    private static final Pattern GROUP_KEY =
            Pattern.compile("mp\\.messaging\\.(connector\\.smallrye-kafka|incoming\\.[^.]+)\\.group\\.id");
    private static final String DEFAULT_GROUP_KEY = "mp.messaging.connector.smallrye-kafka.group.id";
    private static final String TEST_PROFILE = "%test.";
    private static final int DEFAULT_PARTITIONS = 3;

    private final String prefix;
    private final String groupSuffix;
    private final Map<String, Integer> topics = new LinkedHashMap<>();

    private TestTopics(String runId) {
        this.prefix = "test-" + runId + ".";
        this.groupSuffix = "-test-" + runId;
    }

    static TestTopics forThisRun() {
        return new TestTopics(newRunId());
    }

    /** Six random lower-case letters and digits: a name part for a run's topics or database. */
    static String newRunId() {
        var random = new SecureRandom();
        var id = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            id.append("abcdefghijklmnopqrstuvwxyz234567".charAt(random.nextInt(32)));
        }
        return id.toString();
    }

    /** The configuration overrides for the service under test: its channels' topics and its consumer groups. */
    Map<String, String> overrides() {
        Properties configured = applicationProperties();
        Map<String, String> overrides = new HashMap<>();
        overrides.put(DEFAULT_GROUP_KEY,
                configured.getProperty(DEFAULT_GROUP_KEY, configured.getProperty("quarkus.application.name", "kiln"))
                        + groupSuffix);
        for (String key : configured.stringPropertyNames()) {
            String value = configured.getProperty(key);
            String plainKey = key.startsWith(TEST_PROFILE) ? key.substring(TEST_PROFILE.length()) : key;
            if (TOPIC_KEY.matcher(plainKey).matches()) {
                overrides.put(plainKey, prefix + value);
                topics.putIfAbsent(value, DEFAULT_PARTITIONS);
            } else if (GROUP_KEY.matcher(plainKey).matches()) {
                overrides.put(plainKey, value + groupSuffix);
            }
        }
        topics.putAll(declaredTopics());
        return overrides;
    }

    /** Creates the run's topics (each of Kiln's topics and its .dlq) and tells probes in this JVM the prefix. */
    void create(String bootstrapServers) {
        System.setProperty(PREFIX_PROPERTY, prefix);
        System.setProperty(GROUP_SUFFIX_PROPERTY, groupSuffix);
        List<NewTopic> newTopics = topics.entrySet().stream()
                .map(topic -> new NewTopic(prefix + topic.getKey(), topic.getValue(), (short) 1))
                .toList();
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the test run's topics " + prefix + "*", e);
        }
    }

    /** Deletes the run's topics; the broker reclaims their space. */
    void delete(String bootstrapServers) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.deleteTopics(topics.keySet().stream().map(topic -> prefix + topic).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("Could not delete the test run's topics " + prefix + "*: " + e);
        }
        System.clearProperty(PREFIX_PROPERTY);
        System.clearProperty(GROUP_SUFFIX_PROPERTY);
    }

    /** The name of a service's consumer group in this test run. */
    static String group(String configured) {
        return configured + System.getProperty(GROUP_SUFFIX_PROPERTY, "");
    }

    /** The name a probe in this JVM must use for one of Kiln's topics: prefixed while a test run is on. */
    static String actual(String topic) {
        return System.getProperty(PREFIX_PROPERTY, "") + topic;
    }

    /** One of Kiln's topic names, from the name a probe saw. */
    static String logical(String actualTopic) {
        String prefix = System.getProperty(PREFIX_PROPERTY, "");
        return actualTopic.startsWith(prefix) ? actualTopic.substring(prefix.length()) : actualTopic;
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
    }

    private static Properties applicationProperties() {
        var properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Kiln's topic list, deploy/kafka/topics.txt, with each topic's .dlq: found from the module's folder up. */
    private static Map<String, Integer> declaredTopics() {
        Map<String, Integer> declared = new LinkedHashMap<>();
        topicList().ifPresent(file -> {
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.strip().split("\\s+");
                    if (line.isBlank() || line.strip().startsWith("#") || fields.length < 2) {
                        continue;
                    }
                    int partitions = Integer.parseInt(fields[1]);
                    declared.put(fields[0], partitions);
                    declared.put(fields[0] + ".dlq", partitions);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return declared;
    }

    private static Optional<Path> topicList() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("deploy/kafka/topics.txt");
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
