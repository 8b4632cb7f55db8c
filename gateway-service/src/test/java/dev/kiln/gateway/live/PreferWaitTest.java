package dev.kiln.gateway.live;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Prefer: wait=N on POST /v1/predictions (issue 10): the answer waits for the end, or N seconds. */
@QuarkusTest
class PreferWaitTest {

    static KafkaProbe kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested");
        LiveStatusTest.kafka = kafka;
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static Response submit(String marker, String prefer) {
        return given().contentType(ContentType.JSON).header("Prefer", prefer)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions");
    }

    /** The id of the prediction submitted with {@code marker}, from its prediction.requested. */
    static String submitted(String marker) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> kafka.eventsOfType("prediction.requested").stream()
                .filter(event -> event.json().contains(marker)).map(KafkaProbe.Event::key).findFirst(),
                found -> found.isPresent()).orElseThrow();
    }

    @Test
    void answersTheSucceededPredictionWhenItEndsWithinTheWait() throws Exception {
        String marker = UUID.randomUUID().toString();
        long start = System.nanoTime();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> submit(marker, "wait=20"));

        String id = submitted(marker);
        LiveStatusTest.runToSuccess(id);

        Response response = answer.get();
        assertEquals(201, response.statusCode(), response.asString());
        assertEquals("succeeded", response.path("status"));
        assertEquals(id, response.path("id"));
        assertEquals("http://localhost:9000/kiln-outputs/predictions/" + id + "/0.png", response.path("output[0]"));
        assertEquals("wait=20", response.header("Preference-Applied"));
        assertEquals("http://localhost:8080/v1/predictions/" + id, response.header("Location"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "answered at the end, not at 20 s");
    }

    @Test
    void answersTheUnfinishedPredictionWith202AfterTheWait() {
        long start = System.nanoTime();
        Response response = submit(UUID.randomUUID().toString(), "wait=2");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(202, response.statusCode(), response.asString());
        assertEquals("starting", response.path("status"));
        assertEquals("wait=2", response.header("Preference-Applied"));
        assertTrue(took.toMillis() >= 2000 && took.toMillis() < 10000, "waited 2 s, took " + took);
    }

    @Test
    void refusesAWaitThatIsNotOneTo60SecondsAndSubmitsNothing() {
        for (String prefer : new String[] {"wait=0", "wait=61", "wait=soon", "wait=-1"}) {
            submit(UUID.randomUUID().toString(), prefer)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                    .body("detail", containsString("from 1 to 60"));
        }
    }

    @Test
    void answersAt202AtOnceWithoutTheHeaderOrWithOtherPreferences() {
        submit(UUID.randomUUID().toString(), "respond-async").then().statusCode(202)
                .body("status", equalTo("starting"));
    }
}
