package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.storage.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * storage-service end to end: prediction.completed in through the real Kafka, outputs from WireMock (the provider's
 * file host), objects into the real S3 API, rows into the real PostgreSQL, prediction.stored out through Kafka.
 */
@QuarkusTest
class StoringOutputsTest {

    private static final String HTML = "<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>";

    @FileHost.Inject
    WireMockServer fileHost;

    @FileHost.Down
    WireMockServer downHost;

    @Inject
    S3Client s3;

    @Inject
    DataSource database;

    @Inject
    StorageConfig config;

    private KafkaProbe probe;

    @BeforeEach
    void readFromNow() {
        probe = TestEvents.probe(TestEvents.STORED, TestEvents.COMPLETED_DLQ);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    @Test
    void storesASucceededPngOutputAndPublishesAUrlThatServesIt() throws Exception {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = serve(id, 0, ok().withBody(png).withHeader("Content-Type", "application/octet-stream"));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));
        var outcome = TestEvents.awaitOutcome(probe, id);

        String key = "predictions/" + id + "/0.png";
        String url = config.urls().publicBaseUrl() + "/" + key;
        assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
        assertEquals("storage-service", outcome.headers().get("ce_source"));
        assertEquals("1.0", outcome.headers().get("ce_specversion"));
        assertEquals(id, outcome.headers().get("ce_subject"));
        assertTrue(outcome.headers().getOrDefault("ce_id", "").length() > 0, () -> "no ce_id: " + outcome.headers());
        assertTrue(ZonedDateTime.parse(outcome.headers().get("ce_time")).toInstant().isAfter(Instant.now().minusSeconds(120)));
        assertEquals(id, outcome.event().get("prediction_id").asText());
        JsonNode objects = outcome.event().get("objects");
        assertEquals(1, objects.size());
        assertEquals(0, objects.get(0).get("index").asInt());
        assertEquals(key, objects.get(0).get("key").asText());
        assertEquals(url, objects.get(0).get("url").asText());
        assertEquals("image/png", objects.get(0).get("content_type").asText());
        assertEquals(png.length, objects.get(0).get("size_bytes").asLong());
        assertEquals(Images.sha256(png), objects.get(0).get("sha256").asText());
        assertEquals(List.of(url), texts(outcome.event().get("output")));

        var object = s3.getObjectAsBytes(request -> request.bucket(config.bucket()).key(key));
        assertArrayEquals(png, object.asByteArray());
        assertEquals("image/png", object.response().contentType());
        assertEquals(Images.sha256(png), object.response().metadata().get("sha256"));
        var head = s3.headObject(request -> request.bucket(config.bucket()).key(key).checksumMode(ChecksumMode.ENABLED));
        assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(Images.sha256(png))),
                head.checksumSHA256());

        assertEquals(List.of("0 " + key + " image/png " + png.length + " " + Images.sha256(png) + " "
                + fileHost.url(path)), rows(id));

        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, served.statusCode());
        assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(png, served.body());
    }

    @Test
    void storesEveryOutputUnderItsIndexWithTheExtensionOfItsContent() {
        String id = Predictions.newId();
        byte[] png = Images.png();
        byte[] jpeg = Images.jpeg();
        String first = serve(id, 0, ok().withBody(png).withHeader("Content-Type", "image/png"));
        // The server calls the JPEG a PNG: the content decides.
        String second = serve(id, 1, ok().withBody(jpeg).withHeader("Content-Type", "image/png"));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(first), fileHost.url(second)));
        var outcome = TestEvents.awaitOutcome(probe, id);

        assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
        JsonNode objects = outcome.event().get("objects");
        assertEquals(List.of("predictions/" + id + "/0.png", "predictions/" + id + "/1.jpg"),
                texts(objects, "key"));
        assertEquals(List.of("image/png", "image/jpeg"), texts(objects, "content_type"));
        assertEquals(texts(objects, "url"), texts(outcome.event().get("output")));
        var stored = s3.getObjectAsBytes(request -> request.bucket(config.bucket()).key("predictions/" + id + "/1.jpg"));
        assertArrayEquals(jpeg, stored.asByteArray());
        assertEquals("image/jpeg", stored.response().contentType());
        assertEquals(2, rows(id).size());
    }

    @Test
    void refusesAnHtmlPageServedAsAnImageAndStoresNothing() {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(HTML).withHeader("Content-Type", "image/png"));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals("output 0 is not an image (served as image/png)", TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void neverContactsAHostOutsideTheAllowList() {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(Images.png()));
        // The same server under another name: reachable, but not an allowed provider host.
        String foreign = "http://127.0.0.1:" + fileHost.port() + path;

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(foreign));

        assertEquals("host 127.0.0.1:" + fileHost.port() + " is not an allowed provider host",
                TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(0, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void refusesAnOutputLargerThanTheCap() {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(pngOfSize(1536 * 1024)));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals("output 0 exceeds 1 MiB", TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void countsTheBytesOfABodyThatDeclaresNoLength() {
        String id = Predictions.newId();
        // Sent in chunks, without a Content-Length: only counting while it streams can catch it.
        String path = serve(id, 0, ok().withBody(pngOfSize(1536 * 1024)).withChunkedDribbleDelay(8, 200));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals("output 0 exceeds 1 MiB", TestEvents.awaitOutcome(probe, id).reason());
        assertNothingStored(id);
    }

    @Test
    void storesTheOutputAfterTheHostFailedTwice() {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = "/files/" + id + "/0.png";
        fileHost.stubFor(get(path).inScenario(id).whenScenarioStateIs(STARTED)
                .willReturn(serviceUnavailable()).willSetStateTo("failed once"));
        fileHost.stubFor(get(path).inScenario(id).whenScenarioStateIs("failed once")
                .willReturn(serviceUnavailable()).willSetStateTo("failed twice"));
        fileHost.stubFor(get(path).inScenario(id).whenScenarioStateIs("failed twice")
                .willReturn(ok().withBody(png)));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));
        var outcome = TestEvents.awaitOutcome(probe, id);

        assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
        assertEquals(Images.sha256(png), outcome.event().get("objects").get(0).get("sha256").asText());
        fileHost.verify(3, getRequestedFor(urlEqualTo(path)));
        assertEquals(1, rows(id).size());
    }

    @Test
    void retriesAHostThatAnswersTooSlowly() {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = "/files/" + id + "/0.png";
        // Slower than the 3 s read timeout of the test profile once, then prompt.
        fileHost.stubFor(get(path).inScenario(id).whenScenarioStateIs(STARTED)
                .willReturn(ok().withBody(png).withFixedDelay(6000)).willSetStateTo("slow once"));
        fileHost.stubFor(get(path).inScenario(id).whenScenarioStateIs("slow once")
                .willReturn(ok().withBody(png)));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals(EventTypes.PREDICTION_STORED, TestEvents.awaitOutcome(probe, id).type());
        fileHost.verify(2, getRequestedFor(urlEqualTo(path)));
    }

    @Test
    void storesTheOutputWhenTheHostComesBackFromAnOutageOf503s() {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = serve(id, 0, serviceUnavailable());

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        // Before issue 8 the prediction failed after 3 attempts, 0.15 s in this profile; now it waits for the host.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> TestEvents.seen(probe, TestEvents.STORED, id).isEmpty());
        int failed = fileHost.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount();
        assertTrue(failed > 3, () -> "attempts during the outage: " + failed);
        serve(id, 0, ok().withBody(png));

        var outcome = TestEvents.awaitOutcome(probe, id);
        assertEquals(EventTypes.PREDICTION_STORED, outcome.type(), () -> outcome.event().toString());
        assertEquals(Images.sha256(png), outcome.event().get("objects").get(0).get("sha256").asText());
        assertEquals(1, rows(id).size());
    }

    @Test
    void storesTheOutputWhenTheHostRefusedConnectionsForAWhile() {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String url = "http://localhost:" + downHost.getOptions().portNumber() + "/files/" + id + "/0.png";

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(url));

        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> TestEvents.seen(probe, TestEvents.STORED, id).isEmpty());
        downHost.start();
        try {
            downHost.stubFor(get("/files/" + id + "/0.png").willReturn(ok().withBody(png)));

            var outcome = TestEvents.awaitOutcome(probe, id);
            assertEquals(EventTypes.PREDICTION_STORED, outcome.type(), () -> outcome.event().toString());
            assertEquals(Images.sha256(png), outcome.event().get("objects").get(0).get("sha256").asText());
        } finally {
            downHost.stop();
        }
    }

    @Test
    void failsWhenTheHostStillFailsAtTheEndOfTheUrlsLifetime() {
        String id = Predictions.newId();
        String path = serve(id, 0, serviceUnavailable());
        // Completed almost an hour ago: its URL has 2 s left.
        Instant completed = Instant.now().minus(config.fetch().urlLifetime()).plusSeconds(2);

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)), completed);

        String reason = TestEvents.awaitOutcome(probe, id).reason();
        assertTrue(reason.matches("output 0 could not be downloaded before its URL expired \\(1h after the completion at "
                + Pattern.quote(completed.toString()) + "\\): \\d+ attempts, the last one: HTTP 503"), reason);
        assertTrue(fileHost.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount() > 1);
        assertNothingStored(id);
    }

    @Test
    void saysThatAnOutputIsGoneWhenItsUrlExpiredBeforeItCouldBeDownloaded() {
        String id = Predictions.newId();
        String path = serve(id, 0, aResponse().withStatus(404));
        // Replayed long after the provider deleted its files (say storage was down for two hours).
        Instant completed = Instant.now().minus(Duration.ofHours(2));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)), completed);

        assertEquals("output 0 is gone (HTTP 404): its URL expired 1h after the completion at " + completed
                + " before it could be downloaded", TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void failsAtOnceOnANotFoundWithinTheUrlsLifetime() {
        String id = Predictions.newId();
        String path = serve(id, 0, aResponse().withStatus(404));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals("download of output 0 failed: HTTP 404", TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void followsNoRedirect() {
        String id = Predictions.newId();
        String target = serve(id, 9, ok().withBody(Images.png()));
        String path = serve(id, 0, aResponse().withStatus(302).withHeader("Location", fileHost.url(target)));

        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));

        assertEquals("output 0 answers with a redirect (HTTP 302), and redirects are not followed",
                TestEvents.awaitOutcome(probe, id).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        fileHost.verify(0, getRequestedFor(urlEqualTo(target)));
        assertNothingStored(id);
    }

    @Test
    void aRedeliveredCompletionRepublishesTheSameObjectsWithoutDownloadingAgain() {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(Images.png()));
        List<String> output = List.of(fileHost.url(path));

        TestEvents.publishCompleted(probe, id, "succeeded", output);
        var first = TestEvents.awaitOutcome(probe, id);
        TestEvents.publishCompleted(probe, id, "succeeded", output);
        var again = TestEvents.outcomes(probe, id, 2).get(1);

        assertEquals(EventTypes.PREDICTION_STORED, again.type());
        assertEquals(first.event().get("objects"), again.event().get("objects"));
        assertEquals(first.event().get("output"), again.event().get("output"));
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertEquals(1, rows(id).size());
    }

    @Test
    void aRedeliveredFailureFailsAgainForTheSameReasonWithoutDownloading() {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(HTML).withHeader("Content-Type", "text/html"));
        List<String> output = List.of(fileHost.url(path));

        TestEvents.publishCompleted(probe, id, "succeeded", output);
        assertEquals("output 0 is not an image (served as text/html)", TestEvents.awaitOutcome(probe, id).reason());
        // The host serves the image now, but the prediction has been refunded: it stays failed.
        serve(id, 0, ok().withBody(Images.png()));
        TestEvents.publishCompleted(probe, id, "succeeded", output);

        assertEquals("output 0 is not an image (served as text/html)", TestEvents.outcomes(probe, id, 2).get(1).reason());
        fileHost.verify(1, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void failsASucceededPredictionWithoutOutput() {
        String id = Predictions.newId();

        TestEvents.publishCompleted(probe, id, "succeeded", List.of());

        assertEquals("the prediction succeeded without any output to store", TestEvents.awaitOutcome(probe, id).reason());
    }

    @Test
    void leavesPredictionsThatDidNotSucceedAlone() throws Exception {
        String id = Predictions.newId();
        String path = serve(id, 0, ok().withBody(Images.png()));

        RecordMetadata sent = TestEvents.publishCompleted(probe, id, "failed", List.of(fileHost.url(path)));

        // Proof that the record was processed: the service's consumer group committed past it.
        TestEvents.awaitProcessed(probe, sent);
        assertEquals(List.of(), TestEvents.seen(probe, TestEvents.STORED, id));
        fileHost.verify(0, getRequestedFor(urlEqualTo(path)));
        assertNothingStored(id);
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopicAndGoesOn() {
        String id = Predictions.newId();
        probe.send(TestEvents.COMPLETED, id, EventTypes.PREDICTION_COMPLETED, "{\"prediction_id\": \"" + id);

        KafkaProbe.Event dead = TestEvents.awaitRecords(probe, TestEvents.COMPLETED_DLQ, id, 1).get(0);
        assertEquals("{\"prediction_id\": \"" + id, dead.json());
        // The header names the topic as the broker knows it: this test run's copy of prediction.completed.
        String from = dead.header("dead-letter-topic");
        assertTrue(from != null && from.endsWith(TestEvents.COMPLETED), () -> "dead-letter-topic " + from);
        assertTrue(dead.header("dead-letter-reason") != null, "the failure travels with the record");
        // The consumer is still at work: the next completion of the same prediction is stored.
        String path = serve(id, 0, ok().withBody(Images.png()));
        TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));
        assertEquals(EventTypes.PREDICTION_STORED, TestEvents.awaitOutcome(probe, id).type());
    }

    private String serve(String id, int index, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        String path = "/files/" + id + "/" + index + ".png";
        fileHost.stubFor(get(path).willReturn(response));
        return path;
    }

    private static byte[] pngOfSize(int size) {
        byte[] body = Arrays.copyOf(Images.png(), size);
        return body;
    }

    private void assertNothingStored(String id) {
        var listing = s3.listObjectsV2(request -> request.bucket(config.bucket()).prefix("predictions/" + id + "/"));
        assertEquals(0, listing.keyCount(), () -> "objects stored: " + listing.contents());
        assertEquals(List.of(), rows(id));
    }

    /** The prediction's stored_objects rows, one string each. */
    private List<String> rows(String id) {
        try (var connection = database.getConnection();
                var statement = connection.prepareStatement("select output_index, object_key, content_type,"
                        + " size_bytes, sha256, source_url from stored_objects where prediction_id = ?"
                        + " order by output_index")) {
            statement.setString(1, id);
            List<String> rows = new ArrayList<>();
            try (var result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getInt(1) + " " + result.getString(2) + " " + result.getString(3) + " "
                            + result.getLong(4) + " " + result.getString(5) + " " + result.getString(6));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> texts(JsonNode objects, String field) {
        List<String> texts = new ArrayList<>();
        objects.forEach(node -> texts.add(node.get(field).asText()));
        assertTrue(texts.size() > 0);
        return texts;
    }
}
