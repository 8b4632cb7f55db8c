package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.storage.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KafkaResource;
import dev.kiln.testing.PostgresResource;
import dev.kiln.testing.S3Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * Hole 8 of issue 8: the packaged service, started as ./stack starts it but with a 64 MiB heap, stores four outputs of
 * 20 MiB (the size cap) that the file host sends at the same time, in chunks and without a Content-Length. Before,
 * each of the four workers grew an in-memory buffer to 20 MiB and the service ran out of heap. The JVM is told to
 * exit on an OutOfMemoryError, so that one cannot be caught and hidden.
 */
class LargeOutputsIT {

    /** The build under test; another can be measured with -Dkiln.storage.it.application=path/to/quarkus-run.jar. */
    private static final Path APPLICATION = Path.of(System.getProperty("kiln.storage.it.application",
            "target/quarkus-app/quarkus-run.jar"));
    private static final int SIZE = 20 * 1024 * 1024;
    private static final int OUTPUTS = 4;
    /** ./stack's SERVICE_JAVA_OPTS, with a smaller heap. */
    private static final List<String> JAVA_OPTIONS = List.of("-Xms32m", "-Xmx64m", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=160m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");

    private static final KafkaResource KAFKA = new KafkaResource();
    private static final S3Resource S3 = new S3Resource();
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final Map<String, String> CONFIG = new HashMap<>();
    private static WireMockServer fileHost;

    @BeforeAll
    static void infrastructure() {
        POSTGRES.init(Map.of("database", "kiln_storage"));
        S3.init(Map.of());
        CONFIG.putAll(KAFKA.start());
        CONFIG.putAll(S3.start());
        CONFIG.putAll(POSTGRES.start());
        fileHost = new WireMockServer(options().dynamicPort());
        fileHost.start();
    }

    @AfterAll
    static void stop() {
        fileHost.stop();
        POSTGRES.stop();
        S3.stop();
        KAFKA.stop();
    }

    @Test
    void storesFourTwentyMebibyteOutputsSentAtOnceWithoutALengthInA64MebibyteHeap() throws Exception {
        assertTrue(Files.exists(APPLICATION), APPLICATION + " is built by mvn package, before this test");
        Random random = new Random(8);
        List<String> ids = new ArrayList<>();
        Map<String, String> sha256 = new HashMap<>();
        for (int i = 0; i < OUTPUTS; i++) {
            String id = Predictions.newId();
            byte[] body = new byte[SIZE];
            random.nextBytes(body);
            byte[] png = Images.png();
            System.arraycopy(png, 0, body, 0, 16);
            // In chunks over 3 s, without a Content-Length: the service learns the size only by reading it all.
            fileHost.stubFor(get("/files/" + id + "/0.png").willReturn(ok().withBody(body).withChunkedDribbleDelay(30, 3000)));
            ids.add(id);
            sha256.put(id, Images.sha256(body));
        }
        assertEquals(List.of(), lengthHeaders(fileHost.url("/files/" + ids.get(0) + "/0.png")),
                "the file host must not announce the length");

        int port = freePort();
        Path log = Files.createTempFile("storage-large-outputs", ".log");
        Process service = start(port, log);
        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED, TestEvents.COMPLETED_DLQ)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> ready(port) || !service.isAlive());
            assertTrue(service.isAlive(), () -> "the service did not start:\n" + read(log));

            for (String id : ids) {
                TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url("/files/" + id + "/0.png")));
            }

            try (S3Client s3 = s3()) {
                for (String id : ids) {
                    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> !TestEvents.seen(probe, TestEvents.STORED, id).isEmpty() || !service.isAlive());
                    assertTrue(service.isAlive(), () -> "the service died:\n" + read(log));
                    var outcome = TestEvents.awaitOutcome(probe, id);
                    assertEquals(EventTypes.PREDICTION_STORED, outcome.type(), () -> outcome.event() + "\n" + read(log));
                    var object = outcome.event().get("objects").get(0);
                    assertEquals(sha256.get(id), object.get("sha256").asText());
                    assertEquals(SIZE, object.get("size_bytes").asLong());
                    var head = s3.headObject(request -> request.bucket("kiln-outputs").key(object.get("key").asText())
                            .checksumMode(ChecksumMode.ENABLED));
                    assertEquals(SIZE, head.contentLength());
                    assertEquals(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.get(id))),
                            head.checksumSHA256());
                }
            }
            assertEquals(List.of(), ids.stream().flatMap(id -> TestEvents.seen(probe, TestEvents.COMPLETED_DLQ, id).stream())
                    .toList());
            assertTrue(service.isAlive(), () -> "the service died:\n" + read(log));
            assertFalse(read(log).contains("OutOfMemoryError"), () -> read(log));
        } finally {
            service.destroy();
            service.waitFor();
            // The service's log stays for a failure's post-mortem.
            System.out.println("storage-service's log: " + log);
        }
    }

    private static Process start(int port, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JAVA_OPTIONS);
        CONFIG.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dkiln.storage.fetch.allowed-hosts=localhost:" + fileHost.port());
        // 10 s for a whole response is the production setting; on a shared, loaded build machine four 20 MiB bodies
        // from one WireMock may take longer, and a timeout would only be retried.
        command.add("-Dkiln.storage.fetch.read-timeout=120s");
        command.add("-jar");
        command.add(APPLICATION.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KILN_") || name.startsWith("QUARKUS_"));
        builder.environment().put("QUARKUS_PROFILE", "local");
        return builder.start();
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Content-Length headers the file host sends with an output (the body is read and thrown away). */
    private static List<String> lengthHeaders(String url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return response.headers().allValues("Content-Length");
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(CONFIG.get("kiln.s3.endpoint")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("kiln", "kiln")))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
