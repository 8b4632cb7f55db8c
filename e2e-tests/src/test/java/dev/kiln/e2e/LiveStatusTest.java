package dev.kiln.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Issue 10 on the running stack: a speed jersey followed over Server-Sent Events from submit to the final object,
 * and a submit with Prefer: wait=30 that answers with the finished prediction.
 */
class LiveStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void simulatorAsConfigured() {
        Simulator.reset();
    }

    @AfterEach
    void resetSimulator() {
        Simulator.reset();
    }

    record Event(String id, String name, JsonNode data) {
    }

    /** Reads the stream to its end (the server closes it after the terminal event); at most {@code within}. */
    private static List<Event> follow(String streamUrl, Duration within) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(streamUrl)).header("Accept", "text/event-stream").timeout(within)
                        .build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<Event> events = new ArrayList<>();
        String id = null;
        String name = null;
        String data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name, JSON.readTree(data)));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
        }
        return events;
    }

    @Test
    void aSpeedJerseyStreamsStartingProcessingSucceededInOrderThenCloses() throws Exception {
        var client = Anonymous.client();
        String streamUrl = client.to(Gateway.url()).contentType(ContentType.JSON)
                .body(Gateway.body("speed", "A kit streamed live")).when().post("/v1/predictions")
                .then().statusCode(202).extract().path("urls.stream");

        List<Event> events = follow(streamUrl, Duration.ofSeconds(60));

        List<String> statuses = events.stream().map(event -> event.data().path("status").asText()).distinct().toList();
        assertEquals(List.of("starting", "processing", "succeeded"), statuses, "events: " + events);
        Event last = events.get(events.size() - 1);
        assertEquals("done", last.name());
        assertTrue(last.data().path("output").path(0).asText().startsWith(Stack.s3Endpoint() + "/kiln-outputs/"),
                last.data().toString());
        assertEquals(events.size(), events.stream().map(Event::id).distinct().count(), "every change once");
        // The simulator prints a progress bar as it runs; the gateway asks for its logs webhooks and reads it.
        List<Double> progress = events.stream().filter(event -> event.data().path("progress").isNumber())
                .map(event -> event.data().path("progress").asDouble()).toList();
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1), "progress while it runs: " + progress);
        assertEquals(progress.stream().sorted().toList(), progress, "progress only goes up");
        assertEquals(1.0, last.data().path("progress").asDouble(), "the last step line is 50/50");
    }

    @Test
    void preferWait30AnswersASpeedJerseySucceeded() {
        var client = Anonymous.client();
        Response answer = client.to(Gateway.url()).contentType(ContentType.JSON).header("Prefer", "wait=30")
                .body(Gateway.body("speed", "A kit waited for")).when().post("/v1/predictions");

        assertEquals(201, answer.statusCode(), answer.asString());
        assertEquals("succeeded", answer.path("status"));
        assertEquals("wait=30", answer.header("Preference-Applied"));
        assertTrue(answer.<String>path("output[0]").startsWith(Stack.s3Endpoint() + "/kiln-outputs/"));
    }
}
