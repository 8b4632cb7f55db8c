package dev.kiln.gateway.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The gateway's metrics of docs/metrics.md, as Prometheus reads them at /q/metrics. */
@QuarkusTest
class GatewayMetricsTest {

    @InjectProvider
    WireMockServer provider;

    static final String DLQ = "kiln-metrics-test.dlq";

    @Test
    void countsEachSubmissionByTaskModeAndOutcome() {
        String accepted = "kiln_submissions_total{mode=\"speed\",outcome=\"accepted\",task=\"jersey\"}";
        String refused = "kiln_submissions_total{mode=\"unknown\",outcome=\"invalid-request\",task=\"unknown\"}";
        String timed = "kiln_submit_duration_seconds_count{outcome=\"accepted\"}";
        double acceptedBefore = value(accepted);
        double refusedBefore = valueOrZero(refused); // a refusal's series starts with the first refusal
        double timedBefore = value(timed);

        Predictions.submit(UUID.randomUUID().toString());
        given().contentType(ContentType.JSON).body("{\"task\":\"jersey\",\"mode\":\"no-such-mode\",\"input\":{}}")
                .when().post("/v1/predictions").then().statusCode(422);

        // Other tests of this JVM may submit meanwhile: at least ours, and each counted once.
        assertTrue(value(accepted) >= acceptedBefore + 1, accepted);
        assertTrue(value(refused) >= refusedBefore + 1, refused);
        assertTrue(value(timed) >= timedBefore + 1, timed);
    }

    @Test
    void recordsTheTimeToTheTerminalStatusByMode() {
        String canceled = "kiln_prediction_duration_seconds_count{mode=\"speed\",status=\"canceled\",task=\"jersey\"}";
        double before = value(canceled);
        String id = Predictions.submit(UUID.randomUUID().toString());
        given().when().post("/v1/predictions/" + id + "/cancel").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(value(canceled) >= before + 1));
        assertTrue(value("kiln_prediction_duration_seconds_bucket{mode=\"speed\",status=\"canceled\","
                + "task=\"jersey\",le=\"600.0\"}") >= before + 1);
    }

    @Test
    void countsPredictionsInFlightAndStuckPastTheirDeadline() {
        // No credits-service answers in these tests: a prediction stays starting, stuck after 0.2 x 5 s here.
        Predictions.submit(UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertTrue(value("kiln_predictions_in_flight{mode=\"speed\",task=\"jersey\"}") >= 1);
            assertTrue(value("kiln_predictions_stuck{mode=\"speed\",task=\"jersey\"}") >= 1);
        });
        // Every mode of the catalog has its series from the start.
        assertTrue(value("kiln_predictions_in_flight{mode=\"scene\",task=\"jersey\"}") >= 0);
    }

    @Test
    void reportsTheDepthOfEachDeadLetterTopic() throws Exception {
        String servers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(DLQ, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        String depth = "kiln_dlq_records{topic=\"" + DLQ + "\"}";
        await().atMost(Duration.ofSeconds(20)).until(() -> value(depth) >= 0);
        double before = value(depth);
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(DLQ, "key", "{}")).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(before + 1, value(depth)));
    }

    @Test
    void timesEachProviderCallByOperationAndOutcome() {
        String marker = UUID.randomUUID().toString();
        provider.stubFor(post(urlPathMatching("/v1/models/kiln/jersey-[a-z]+/predictions"))
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + marker.replace("-", "") + "\",\"status\":\"starting\"}")));
        String created = "kiln_provider_call_duration_seconds_count{operation=\"create\",outcome=\"ok\"}";
        double before = value(created);
        // Every outcome of every operation is there from the start.
        assertEquals(0, value("kiln_provider_call_duration_seconds_count{operation=\"cancel\",outcome=\"throttled\"}"),
                0.0);

        String id = Predictions.submit(marker);
        try (KafkaProbe kafka = new KafkaProbe(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send("credits.reservations", id, "credits.reserved", """
                    {"prediction_id":"%s","user_id":"anonymous:127.0.0.1","amount":0,"available":0,"reserved":0,
                     "occurred_at":"%s"}""".formatted(id, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(value(created) >= before + 1));
    }

    /** The value of one series at /q/metrics; fails when the series is absent. */
    static double value(String series) {
        return find(series).orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }

    static double valueOrZero(String series) {
        return find(series).orElse(0.0);
    }

    private static Optional<Double> find(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Optional.of(Double.parseDouble(line.group(1))) : Optional.empty();
    }
}
