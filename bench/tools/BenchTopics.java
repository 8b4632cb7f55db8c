import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A bench run's own copies of Kiln's topics, so that its services never share a record with a running stack nor with
 * another phase of the run (a submit phase's backlog must not reach the pipeline phase's consumers).
 * {@code create BOOTSTRAP TOPICS_TXT PREFIX...} creates, for each prefix, every topic of deploy/kafka/topics.txt and
 * its .dlq, plus PREFIX + "floor" (the floor's); one replica, records kept an hour. {@code delete BOOTSTRAP PREFIX}
 * deletes every topic whose name starts with the prefix. Run on the bench module's classpath (kafka-clients).
 */
public class BenchTopics {

    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1],
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            switch (args[0]) {
                case "create" -> create(admin, Path.of(args[2]), List.of(args).subList(3, args.length));
                case "delete" -> delete(admin, args[2]);
                default -> throw new IllegalArgumentException("usage: BenchTopics create|delete BOOTSTRAP ...");
            }
        }
    }

    private static void create(Admin admin, Path topicList, List<String> prefixes) throws Exception {
        Map<String, String> config = Map.of("retention.ms", "3600000");
        List<NewTopic> topics = new ArrayList<>();
        for (String prefix : prefixes) {
            topics.add(new NewTopic(prefix + "floor", 6, (short) 1).configs(config));
            for (String line : Files.readAllLines(topicList)) {
                String[] fields = line.strip().split("\\s+");
                if (line.isBlank() || line.strip().startsWith("#") || fields.length < 2) {
                    continue;
                }
                topics.add(new NewTopic(prefix + fields[0], Integer.parseInt(fields[1]), (short) 1).configs(config));
                topics.add(new NewTopic(prefix + fields[0] + ".dlq", 1, (short) 1).configs(config));
            }
        }
        admin.createTopics(topics).all().get(120, TimeUnit.SECONDS);
        System.out.println("topics: " + topics.size() + " created under " + prefixes);
    }

    private static void delete(Admin admin, String prefix) throws Exception {
        Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
        List<String> ours = names.stream().filter(name -> name.startsWith(prefix)).toList();
        admin.deleteTopics(ours).all().get(120, TimeUnit.SECONDS);
        System.out.println("topics: " + ours.size() + " deleted under " + prefix);
    }
}
