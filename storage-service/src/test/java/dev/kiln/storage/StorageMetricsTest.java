package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** The storage metrics of docs/metrics.md: bytes and objects stored, predictions given up on. */
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

    static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return Optional.of(line).filter(Matcher::find).map(found -> Double.parseDouble(found.group(1)))
                .orElseThrow(() -> new AssertionError(series + " is not at /q/metrics"));
    }
}
