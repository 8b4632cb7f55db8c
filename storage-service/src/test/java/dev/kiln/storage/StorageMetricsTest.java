package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** The storage metrics of docs/metrics.md: bytes and objects stored, predictions given up on, download attempts. */
@QuarkusTest
class StorageMetricsTest {

    @FileHost.Inject
    WireMockServer fileHost;

    @Test
    void countsTheBytesStoredAndThePredictionsGivenUpOn() {
        String bytes = "kiln_storage_stored_bytes_total";
        String objects = "kiln_storage_objects_stored_total";
        String failures = "kiln_storage_failures_total";
        double bytesBefore = value(bytes);
        double objectsBefore = value(objects);
        double failuresBefore = value(failures);
        byte[] png = Images.png();

        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED)) {
            String stored = Predictions.newId();
            fileHost.stubFor(get(urlEqualTo("/metrics/" + stored + "/0")).willReturn(aResponse().withBody(png)));
            TestEvents.publishCompleted(probe, stored, "succeeded",
                    List.of(fileHost.url("/metrics/" + stored + "/0")));
            TestEvents.awaitOutcome(probe, stored);

            String refused = Predictions.newId();
            fileHost.stubFor(get(urlEqualTo("/metrics/" + refused + "/0"))
                    .willReturn(aResponse().withBody("<html></html>").withHeader("Content-Type", "image/png")));
            TestEvents.publishCompleted(probe, refused, "succeeded",
                    List.of(fileHost.url("/metrics/" + refused + "/0")));
            TestEvents.awaitOutcome(probe, refused);
        }

        // The outcome is published after the counters moved; other test classes run in other Quarkus apps.
        assertEquals(bytesBefore + png.length, value(bytes));
        assertEquals(objectsBefore + 1, value(objects));
        assertEquals(failuresBefore + 1, value(failures));
    }

    @Test
    void timesEachDownloadAttemptByItsOutcome() {
        String series = "kiln_storage_download_duration_seconds_count";
        double okBefore = value(series, "outcome", "ok");
        double serverErrorsBefore = value(series, "outcome", "server_error");
        double rejectedBefore = value(series, "outcome", "rejected");

        try (KafkaProbe probe = TestEvents.probe(TestEvents.STORED)) {
            // The file host fails once, then serves the image: two attempts.
            String retried = Predictions.newId();
            String path = "/metrics/" + retried + "/0";
            fileHost.stubFor(get(urlEqualTo(path)).inScenario(retried).whenScenarioStateIs(STARTED)
                    .willReturn(serviceUnavailable()).willSetStateTo("up"));
            fileHost.stubFor(get(urlEqualTo(path)).inScenario(retried).whenScenarioStateIs("up")
                    .willReturn(aResponse().withBody(Images.png())));
            TestEvents.publishCompleted(probe, retried, "succeeded", List.of(fileHost.url(path)));
            TestEvents.awaitOutcome(probe, retried);

            String refused = Predictions.newId();
            fileHost.stubFor(get(urlEqualTo("/metrics/" + refused + "/0")).willReturn(aResponse().withStatus(404)));
            TestEvents.publishCompleted(probe, refused, "succeeded",
                    List.of(fileHost.url("/metrics/" + refused + "/0")));
            TestEvents.awaitOutcome(probe, refused);
        }

        assertEquals(okBefore + 1, value(series, "outcome", "ok"));
        assertEquals(serverErrorsBefore + 1, value(series, "outcome", "server_error"));
        assertEquals(rejectedBefore + 1, value(series, "outcome", "rejected"));
    }

    /** A series with this label, whatever other labels it has (at 0 from the start: it must be there). */
    static double value(String series, String label, String labelValue) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains(label + "=\"" + labelValue + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError(series + "{" + label + "=\"" + labelValue + "\"} is not at /q/metrics");
    }

    static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return Optional.of(line).filter(Matcher::find).map(found -> Double.parseDouble(found.group(1)))
                .orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }
}
