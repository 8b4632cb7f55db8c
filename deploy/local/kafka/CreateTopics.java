import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Kiln's topics, and a one-partition "<name>.dlq" for each, idempotently, in one JVM
 * (one kafka-topics call per topic would cost ~2 s of JVM start each).
 *
 * Run by ./stack with Java's single-file source launcher:
 *   java -cp '.stack/dist/kafka/libs/*' deploy/local/kafka/CreateTopics.java \
 *       localhost:9092 deploy/kafka/topics.txt deploy/local/kafka/server.properties
 * The topics file has "name partitions" per line; '#' starts a comment. The replication factor and each topic's
 * min.insync.replicas come from the third file, a broker configuration: its default.replication.factor and
 * min.insync.replicas (1 and 1 in the local single-node broker; 3 and 2 in production).
 * Existing topics are left as they are (their partition count is not changed).
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CreateTopics <bootstrap-servers> <topics-file> <broker-properties>");
            System.exit(2);
        }
        Properties broker = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[2]))) {
            broker.load(in);
        }
        short replicas = Short.parseShort(required(broker, "default.replication.factor", args[2]));
        Map<String, String> config = Map.of("min.insync.replicas", required(broker, "min.insync.replicas", args[2]));
        List<NewTopic> wanted = new ArrayList<>();
        for (String raw : Files.readAllLines(Path.of(args[1]))) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] parts = line.split("\\s+");
            int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
            wanted.add(new NewTopic(parts[0], partitions, replicas).configs(config));
            wanted.add(new NewTopic(parts[0] + ".dlq", 1, replicas).configs(config));
        }

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            int created = 0;
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e :
                    admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    created++;
                } catch (ExecutionException ex) {
                    // Another caller created it between our list and create: that is fine.
                    if (!(ex.getCause() instanceof TopicExistsException)) throw ex;
                }
            }
            System.out.printf("topics: %d wanted, %d created, %d already present (replication factor %d, %s)%n",
                    wanted.size(), created, wanted.size() - created, replicas, config);
        }
    }

    private static String required(Properties properties, String key, String file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + " does not set " + key);
        }
        return value.trim();
    }
}
