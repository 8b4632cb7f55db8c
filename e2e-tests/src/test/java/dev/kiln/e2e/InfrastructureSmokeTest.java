package dev.kiln.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The infrastructure that ./stack runs is the real thing: what is written to it can be read back. */
class InfrastructureSmokeTest {

    @Test
    void aRecordPublishedToKafkaIsThereToConsume() throws Exception {
        // Its own topic, made and removed here: the broker creates no topic on first use.
        String topic = "smoke-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                long offset;
                try (var producer = new KafkaProducer<String, String>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                    offset = producer.send(new ProducerRecord<>(topic, 0, key, "{\"smoke\":true}")).get().offset();
                }
                try (var consumer = new KafkaConsumer<String, String>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrapServers()),
                        new StringDeserializer(), new StringDeserializer())) {
                    var partition = new TopicPartition(topic, 0);
                    consumer.assign(List.of(partition));
                    consumer.seek(partition, offset);
                    var records = consumer.poll(Duration.ofSeconds(10)).records(partition);
                    assertEquals(key, records.get(0).key());
                    assertEquals("{\"smoke\":true}", records.get(0).value());
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aRecordToAMistypedTopicIsRefusedNotCreated() {
        // A mistyped topic must fail loudly (auto.create.topics.enable=false), not become a topic nobody reads.
        String topic = "prediction.requsted-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafkaBootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000), new StringSerializer(), new StringSerializer())) {
            var failure = assertThrows(Exception.class,
                    () -> producer.send(new ProducerRecord<>(topic, "key", "{}")).get(10, TimeUnit.SECONDS));
            assertTrue(failure.getMessage().contains("not present in metadata"), failure.toString());
        }
    }

    @Test
    void anObjectPutToTheBucketIsThereToGet() {
        try (var s3 = S3Client.builder()
                .endpointOverride(URI.create(Stack.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("kiln", "kiln")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String key = "smoke/" + UUID.randomUUID();
            s3.putObject(put -> put.bucket("kiln-outputs").key(key).contentType("text/plain"),
                    RequestBody.fromString("kiln", UTF_8));

            var object = s3.getObjectAsBytes(get -> get.bucket("kiln-outputs").key(key));
            assertEquals("kiln", object.asUtf8String());
            assertEquals("text/plain", object.response().contentType());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kiln_gateway", "kiln_webhook", "kiln_credits", "kiln_storage"})
    void eachServiceDatabaseHoldsItsAppliedMigrations(String database) throws SQLException {
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl(database), "kiln", "kiln");
             var statement = connection.createStatement()) {
            statement.execute("create temporary table smoke (id text primary key)");
            String id = UUID.randomUUID().toString();
            statement.executeUpdate("insert into smoke values ('" + id + "')");
            try (var rows = statement.executeQuery("select id from smoke")) {
                assertTrue(rows.next());
                assertEquals(id, rows.getString(1));
            }
            try (var rows = statement.executeQuery(
                    "select count(*) from flyway_schema_history where success and version = '1'")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "the service's migration V1 was applied to " + database);
            }
        }
    }

    @Test
    void aKeySetInRedisIsThereWithItsTimeToLive() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            var redis = RedisAPI.api(Redis.createClient(vertx, "redis://localhost:" + Stack.redisPort()));
            String key = "kiln:smoke:" + UUID.randomUUID();
            redis.set(List.of(key, "kiln", "EX", "60")).toCompletionStage().toCompletableFuture().get();

            assertEquals("kiln", redis.get(key).toCompletionStage().toCompletableFuture().get().toString());
            long ttl = redis.ttl(key).toCompletionStage().toCompletableFuture().get().toLong();
            assertTrue(ttl > 0 && ttl <= 60, "TTL was " + ttl);
            redis.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
