package dev.kiln.gateway.deadlines;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;

import dev.kiln.gateway.InjectProvider;
import dev.kiln.gateway.Predictions;
import dev.kiln.testing.AsyncApiContract;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Cancel-After on submit, and the sweep that ends predictions at their deadline (the test profile sweeps often). */
@QuarkusTest
class DeadlinesTest {

    /** The caller whose predictions the test profile's sweeps look at (kiln.gateway.sweep-owners). */
    private static final String SWEPT_CLIENT = Predictions.SWEPT_CLIENT;
    private static final ObjectMapper JSON = new ObjectMapper();
    static KafkaProbe kafka;

    @InjectProvider
    WireMockServer provider;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested", "prediction.dispatched", "prediction.completed");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static io.restassured.response.ValidatableResponse submit(String marker, String cancelAfter) {
        var request = given().contentType(ContentType.JSON).header("X-Forwarded-For", SWEPT_CLIENT)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}");
        if (cancelAfter != null) {
            request.header("Cancel-After", cancelAfter);
        }
        return request.when().post("/v1/predictions").then();
    }

    static void reserve(String id) {
        kafka.send("credits.reservations", id, "credits.reserved", """
                {"prediction_id":"%s","user_id":"anonymous:%s","amount":0,"available":0,"reserved":0,
                 "occurred_at":"%s"}""".formatted(id, SWEPT_CLIENT, Instant.now()));
    }

    static String providerId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26).toLowerCase(Locale.ROOT);
    }

    private void providerCreates(String marker, String job) {
        provider.stubFor(post(urlPathMatching("/v1/models/.*/predictions")).atPriority(1)
                .withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + job + "\",\"status\":\"starting\"}")));
        provider.stubFor(post(urlPathEqualTo("/v1/predictions/" + job + "/cancel")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"" + job + "\",\"status\":\"canceled\"}")));
    }

    private int cancelsOf(String job) {
        return provider.findAll(postRequestedFor(urlPathEqualTo("/v1/predictions/" + job + "/cancel"))).size();
    }

    private static JsonNode completion(String id, String status) throws Exception {
        var event = kafka.eventsFor(id).stream()
                .filter(e -> e.type().equals("prediction.completed") && e.json().contains("\"" + status + "\""))
                .findFirst().orElseThrow();
        AsyncApiContract.load().assertValid("prediction.completed", "prediction.completed", event.json());
        return JSON.readTree(event.json());
    }

    @Test
    void showsTheDeadlineOfACancelAfterAndOfTheGlobalMaximum() {
        var withHeader = submit(UUID.randomUUID().toString(), "1h0m0s").extract();
        assertEquals(400, withHeader.statusCode(), "an hour is past the maximum of 30m");

        var ninety = submit(UUID.randomUUID().toString(), "1m30s").statusCode(202).extract();
        assertEquals(Duration.ofSeconds(90), Duration.between(Instant.parse(ninety.path("created_at")),
                Instant.parse(ninety.path("deadline"))));
        var none = submit(UUID.randomUUID().toString(), null).statusCode(202).extract();
        assertEquals(Duration.ofMinutes(30), Duration.between(Instant.parse(none.path("created_at")),
                Instant.parse(none.path("deadline"))));
        var bare = submit(UUID.randomUUID().toString(), "45").statusCode(202).extract();
        assertEquals(Duration.ofSeconds(45), Duration.between(Instant.parse(bare.path("created_at")),
                Instant.parse(bare.path("deadline"))));
        String id = bare.path("id");
        given().get("/v1/predictions/" + id).then().statusCode(200).body("deadline", equalTo(bare.path("deadline")));
    }

    @Test
    void refusesACancelAfterThatIsNotADurationAndChangesNothing() {
        for (String bad : new String[] {"soon", "1h30", "5 m", "-5s", "0s", "31m", "1.5m"}) {
            String marker = UUID.randomUUID().toString();
            submit(marker, bad).statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                    .body("detail", org.hamcrest.Matchers.containsString("Cancel-After"));
            assertEquals(0, kafka.eventsOfType("prediction.requested").stream()
                    .filter(e -> e.json().contains(marker)).count());
        }
    }

    @Test
    void passesWhatIsLeftOfTheDeadlineOnToTheProvider() {
        String marker = UUID.randomUUID().toString();
        String job = providerId();
        providerCreates(marker, job);
        String id = submit(marker, "2m").statusCode(202).extract().path("id");

        reserve(id);

        await().atMost(Duration.ofSeconds(15)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        var create = provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker))).get(0);
        String header = create.getHeader("Cancel-After");
        assertTrue(header.matches("\\d+s"), header);
        long seconds = Long.parseLong(header.substring(0, header.length() - 1));
        assertTrue(seconds > 100 && seconds <= 120, header);
    }

    @Test
    void abortsAPredictionWhoseDeadlinePassesBeforeItIsDispatchedAndNeverDispatchesIt() throws Exception {
        String marker = UUID.randomUUID().toString();
        String id = submit(marker, "1s").statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("aborted")).body("error_code", equalTo("deadline_exceeded")));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.completed").isPresent());
        assertEquals("deadline_exceeded", completion(id, "aborted").path("error").path("code").asText());

        reserve(id); // a reservation that comes after: credits hears the outcome again, and nothing is created
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.count(id, "prediction.completed") == 2);
        assertEquals(0, provider.findAll(postRequestedFor(urlPathMatching("/v1/models/.*/predictions"))
                .withRequestBody(containing(marker))).size());
    }

    @Test
    void abortsADispatchedPredictionThatHasNotStartedAndCancelsItsJob() throws Exception {
        String marker = UUID.randomUUID().toString();
        String job = providerId();
        providerCreates(marker, job);
        String id = submit(marker, "8s").statusCode(202).extract().path("id"); // time to dispatch it first
        reserve(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());

        await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("aborted")));
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelsOf(job) == 1);
        JsonNode aborted = completion(id, "aborted");
        assertEquals(job, aborted.path("provider_prediction_id").asText());
    }

    @Test
    void cancelsAStartedPredictionAtTheProviderAtItsDeadline() {
        String marker = UUID.randomUUID().toString();
        String job = providerId();
        providerCreates(marker, job);
        String id = submit(marker, "10s").statusCode(202).extract().path("id"); // time to start it first
        reserve(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.dispatched").isPresent());
        kafka.send("prediction.progressed", id, "prediction.progressed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"processing",
                 "logs":"rendering\\n","started_at":"%s","occurred_at":"%s"}"""
                .formatted(id, job, Instant.now(), Instant.now()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("processing")));

        await().atMost(Duration.ofSeconds(25)).until(() -> cancelsOf(job) == 1);
        assertEquals("processing", given().get("/v1/predictions/" + id).then().extract().path("status"),
                "canceled when the provider says so");
        kafka.send("prediction.completed", id, "prediction.completed", """
                {"prediction_id":"%s","provider":"replicate","provider_prediction_id":"%s","status":"canceled",
                 "occurred_at":"%s"}""".formatted(id, job, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/v1/predictions/" + id).then()
                .body("status", equalTo("canceled")));
        assertEquals(1, cancelsOf(job), "asked once");
    }
}
