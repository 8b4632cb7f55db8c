package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.storage.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With kiln.storage.urls.mode=presigned the bucket can stay private: clients get signed, expiring URLs. */
@QuarkusTest
@TestProfile(PresignedUrlsTest.Presigned.class)
class PresignedUrlsTest {

    public static class Presigned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.storage.urls.mode", "presigned", "kiln.storage.urls.presign-ttl", "10m");
        }
    }

    @FileHost.Inject
    WireMockServer fileHost;

    @ConfigProperty(name = "kiln.s3.endpoint")
    String s3Endpoint;

    @Test
    void publishesPresignedUrlsThatServeTheStoredObject() throws Exception {
        String id = Predictions.newId();
        byte[] png = Images.png();
        String path = "/files/" + id + "/0.png";
        fileHost.stubFor(get(path).willReturn(ok().withBody(png)));

        try (var probe = TestEvents.probe(TestEvents.STORED)) {
            TestEvents.publishCompleted(probe, id, "succeeded", List.of(fileHost.url(path)));
            var outcome = TestEvents.awaitOutcome(probe, id);

            assertEquals(EventTypes.PREDICTION_STORED, outcome.type());
            String url = outcome.event().get("objects").get(0).get("url").asText();
            assertTrue(url.startsWith(s3Endpoint + "/kiln-outputs/predictions/" + id + "/0.png?"), url);
            assertTrue(url.contains("X-Amz-Expires=600"), url);
            assertTrue(url.contains("X-Amz-Signature="), url);
            assertEquals(url, outcome.event().get("output").get(0).asText());

            HttpResponse<byte[]> served = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            assertArrayEquals(png, served.body());
        }
    }
}
