package dev.kiln.simulator.api;

import static dev.kiln.simulator.api.Simulator.authorized;
import static dev.kiln.simulator.api.Simulator.create;
import static dev.kiln.simulator.api.Simulator.get;
import static dev.kiln.simulator.api.Simulator.jersey;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PredictionsApiTest {

    private static final String PROBLEMS = "https://kiln.dev/problems/";

    private static final String SPEED_VERSION = "a3f0e5f45e5a0b2ad1b4a8b6ea5dd5f8c3e3ab4e2b70a7e8fd1a1e2d4e0a5b01";

    @AfterEach
    void resetFaults() {
        Simulator.resetFaults();
    }

    @Test
    void aCreateByModelAnswersAStartingPredictionWithReplicatesFields() {
        create("kiln/jersey-speed", Map.of("input", jersey("classic")))
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("[a-z2-7]{26}"))
                .body("model", equalTo("kiln/jersey-speed"))
                .body("version", matchesPattern("[0-9a-f]{64}"))
                .body("status", equalTo("starting"))
                .body("input.team_name", equalTo("Test Rovers"))
                .body("output", nullValue())
                .body("error", nullValue())
                .body("logs", equalTo(""))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("started_at", nullValue())
                .body("completed_at", nullValue())
                .body("data_removed", equalTo(false))
                .body("source", equalTo("api"))
                .body("metrics", aMapWithSize(0))
                .body("urls.get", matchesPattern("http://localhost:8090/v1/predictions/[a-z2-7]{26}"))
                .body("urls.cancel", matchesPattern("http://localhost:8090/v1/predictions/[a-z2-7]{26}/cancel"))
                .body("urls", not(hasKey("stream")))
                .body("webhook", nullValue());
    }

    @Test
    void aCreateByVersionRunsTheModelThatVersionBelongsTo() {
        String version = create("kiln/jersey-scene", Map.of("input", jersey("retro")))
                .extract().path("version");

        for (String reference : List.of(version, "kiln/jersey-scene", "kiln/jersey-scene:" + version)) {
            authorized().contentType(ContentType.JSON).body(Map.of("version", reference, "input", jersey("retro")))
                    .post("/v1/predictions")
                    .then().statusCode(201)
                    .body("model", equalTo("kiln/jersey-scene"))
                    .body("version", equalTo(version));
        }
    }

    @Test
    void aPredictionSucceedsWithAPngOfAtLeast512PixelsServedAtItsOutputUrl() throws Exception {
        String id = create("kiln/jersey-speed", Map.of("input", jersey("modern"))).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(id).statusCode(200)
                .body("status", equalTo("succeeded")));

        String output = get(id)
                .body("output", contains("http://localhost:8090/files/" + id + "/0.png"))
                .body("started_at", notNullValue())
                .body("completed_at", notNullValue())
                .body("metrics.predict_time", greaterThan(0f))
                .body("metrics.total_time", greaterThan(0f))
                .body("logs", startsWith("Using seed: "))
                .extract().path("output[0]");
        byte[] png = given().get(URI.create(output).getPath())
                .then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() >= 512 && image.getHeight() >= 512, image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void aCancelAfterThatPassesBeforeTheRunStartsAbortsThePrediction() {
        Simulator.faults(Map.of("time_scale", 1.0)); // the scene model starts for 1.2 s at least
        String id = authorized().contentType(ContentType.JSON).header("Cancel-After", "1s")
                .body(Map.of("input", jersey("classic"))).post("/v1/models/kiln/jersey-scene/predictions")
                .then().statusCode(201).body("status", equalTo("starting")).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(id)
                .body("status", equalTo("aborted"))
                .body("started_at", nullValue())
                .body("completed_at", notNullValue())
                .body("output", nullValue()));
    }

    @Test
    void aCancelAfterThatPassesWhileItRunsCancelsThePrediction() {
        Simulator.faults(Map.of("time_scale", 1.0)); // the scene model runs from 1.8 s at most to 12 s at least
        String id = authorized().contentType(ContentType.JSON).header("Cancel-After", "3s")
                .body(Map.of("input", jersey("classic"))).post("/v1/models/kiln/jersey-scene/predictions")
                .then().statusCode(201).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(id)
                .body("status", equalTo("canceled"))
                .body("started_at", notNullValue())
                .body("output", nullValue()));
    }

    @Test
    void aMalformedCancelAfterIsRefusedAsAnInvalidParameter() {
        for (String bad : List.of("soon", "1h30", "0s")) {
            authorized().contentType(ContentType.JSON).header("Cancel-After", bad)
                    .body(Map.of("input", jersey("classic"))).post("/v1/models/kiln/jersey-speed/predictions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "invalid-parameter"));
        }
    }

    @Test
    void cancelWithAnEmptyJsonBodyCancelsARunningPredictionAndItServesNoFile() {
        Simulator.faults(Map.of("time_scale", 1.0));
        String id = create("kiln/jersey-quality", Map.of("input", jersey("classic"))).extract().path("id");

        authorized().contentType(ContentType.JSON).body("").post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("completed_at", notNullValue())
                .body("output", nullValue());

        get(id).body("status", equalTo("canceled"));
        given().get("/files/" + id + "/0.png").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void cancelWithoutAnyBodyIsAcceptedAndATerminalPredictionStaysAsItIs() {
        Simulator.faults(Map.of("time_scale", 1.0));
        String id = create("kiln/jersey-speed", Map.of("input", jersey("minimal"))).extract().path("id");

        authorized().post("/v1/predictions/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled"));
        String completedAt = get(id).extract().path("completed_at");
        authorized().post("/v1/predictions/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("canceled"))
                .body("completed_at", equalTo(completedAt));
    }

    @Test
    void preferWaitHoldsTheCreateUntilThePredictionFinished() {
        authorized().header("Prefer", "wait=10").contentType(ContentType.JSON)
                .body(Map.of("input", jersey("retro")))
                .post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(201)
                .body("status", equalTo("succeeded"))
                .body("output[0]", matchesPattern(".*/files/[a-z2-7]{26}/0.png"));
    }

    @Test
    void theListRunsNewestFirstAndItsCursorsWalkBothWays() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            mine.add(0, create("kiln/jersey-speed", Map.of("input", jersey("classic"))).extract().path("id"));
        }

        var first = authorized().get("/v1/predictions").then().statusCode(200)
                .body("previous", nullValue())
                .extract();
        List<String> firstIds = first.path("results.id");
        assertEquals(mine.subList(0, 5), firstIds);
        String next = first.path("next");

        var second = authorized().get(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery())
                .then().statusCode(200).extract();
        List<String> secondIds = second.path("results.id");
        assertEquals(mine.subList(5, 7), secondIds.subList(0, 2));
        String previous = second.path("previous");

        List<String> backIds = authorized()
                .get(URI.create(previous).getRawPath() + "?" + URI.create(previous).getRawQuery())
                .then().statusCode(200).extract().path("results.id");
        assertEquals(firstIds, backIds);
    }

    @Test
    void aCursorThisApiDidNotIssueIsA400InvalidParameter() {
        authorized().queryParam("cursor", "not-a-cursor").get("/v1/predictions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-parameter"))
                .body("detail", equalTo("The cursor is not one this API returned in next or previous."));
    }

    @Test
    void anUnknownModelIsA404Problem() {
        create("kiln/jersey-imaginary", Map.of("input", jersey("classic")))
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("The simulator has no model kiln/jersey-imaginary."));
    }

    @Test
    void anUnknownVersionOrAMissingInputIsA422ProblemNamingTheFields() {
        authorized().contentType(ContentType.JSON)
                .body(Map.of("version", SPEED_VERSION, "webhook_events_filter", List.of("start", "finished")))
                .post("/v1/predictions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("errors.field", contains("version", "input", "webhook_events_filter"));
    }

    @Test
    void aBodyThatIsNotJsonIsA400Problem() {
        authorized().contentType(ContentType.JSON).body("{not json")
                .post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "malformed-body"));
    }

    @Test
    void aRequestWithoutABearerTokenIsA401Problem() {
        given().contentType(ContentType.JSON).body(Map.of("input", jersey("classic")))
                .post("/v1/models/kiln/jersey-speed/predictions")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo(PROBLEMS + "unauthenticated"))
                .body("detail", equalTo("The request needs an Authorization header: Bearer <token>."));
        given().header("Authorization", "Basic abc").get("/v1/predictions").then().statusCode(401);
    }

    @Test
    void aTokenOtherThanTheConfiguredOneIsA401Problem() {
        given().header("Authorization", "Bearer r8_someone_elses").get("/v1/webhooks/default/secret")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo(PROBLEMS + "unauthenticated"))
                .body("detail", equalTo("The bearer token is not the one this simulator was configured with."));
    }

    @Test
    void anUnknownPredictionIsA404Problem() {
        get("aaaaaaaaaaaaaaaaaaaaaaaaaa").statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void theWebhookSecretIsAStandardWebhooksKey() {
        authorized().get("/v1/webhooks/default/secret").then().statusCode(200)
                .body("key", matchesPattern("whsec_[A-Za-z0-9+/]{43}="));
    }

    @Test
    void createFailuresAnswerTheConfiguredStatusSayTheyWereSimulatedAndA429SaysWhenToRetry() {
        Simulator.faults(Map.of("create_failure_status", 429, "create_failure_rate", 1.0));
        create("kiln/jersey-speed", Map.of("input", jersey("classic")))
                .statusCode(429)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "rate-limited"))
                .body("status", equalTo(429))
                .body("detail", equalTo("The simulator refused this create on purpose (a simulated create failure with 429)."));

        Simulator.faults(Map.of("create_failure_status", 500));
        create("kiln/jersey-speed", Map.of("input", jersey("classic")))
                .statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "internal-error"))
                .body("detail", equalTo("The simulator refused this create on purpose (a simulated create failure with 500)."));

        Simulator.faults(Map.of("create_failure_status", 503));
        create("kiln/jersey-speed", Map.of("input", jersey("classic")))
                .statusCode(503)
                .body("type", equalTo(PROBLEMS + "service-unavailable"))
                .body("status", equalTo(503));

        Simulator.faults(Map.of("create_failure_status", 502));
        create("kiln/jersey-speed", Map.of("input", jersey("classic")))
                .statusCode(502)
                .body("type", equalTo(PROBLEMS + "internal-error"))
                .body("status", equalTo(502));

        Simulator.resetFaults();
        create("kiln/jersey-speed", Map.of("input", jersey("classic"))).statusCode(201);
    }

    @Test
    void createsFailWithSeveralStatusesAtOnceEachAtItsShareAndASeedReplaysWhichOne() {
        Map<String, Object> faults = Map.of("create_failures", Map.of("500", 0.3, "429", 0.2), "seed", 7);
        Simulator.faults(faults);
        List<Integer> first = createStatuses(60);
        Simulator.faults(faults);
        List<Integer> replay = createStatuses(60);

        assertEquals(first, replay, "the same seed fails the same creates with the same statuses");
        long failed500 = first.stream().filter(s -> s == 500).count();
        long failed429 = first.stream().filter(s -> s == 429).count();
        long created = first.stream().filter(s -> s == 201).count();
        assertEquals(60, failed500 + failed429 + created, "only 500, 429 and 201: " + first);
        // 60 draws at 0.3 and 0.2: each count lies far inside these bounds unless the shares are wrong.
        assertTrue(failed500 >= 8 && failed500 <= 30, "500s: " + failed500);
        assertTrue(failed429 >= 4 && failed429 <= 22, "429s: " + failed429);
    }

    @Test
    void theOlderSingleCreateFailureAddsToTheShares() {
        Simulator.faults(Map.of("create_failures", Map.of("503", 0.5), "create_failure_status", 429,
                "create_failure_rate", 0.5));
        List<Integer> statuses = createStatuses(20);
        assertTrue(statuses.stream().allMatch(s -> s == 503 || s == 429), "every create fails: " + statuses);
        assertTrue(statuses.contains(503) && statuses.contains(429), statuses.toString());
    }

    private static List<Integer> createStatuses(int creates) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < creates; i++) {
            statuses.add(create("kiln/jersey-speed", Map.of("input", jersey("classic"))).extract().statusCode());
        }
        return statuses;
    }

    @Test
    void aFailureRateOfOneFailsTheJobWithAnErrorMessage() {
        Simulator.faults(Map.of("failure_rate", 1.0));
        String id = create("kiln/jersey-speed", Map.of("input", jersey("classic"))).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(id)
                .body("status", equalTo("failed"))
                .body("error", equalTo("Simulated failure: the model crashed (failure_rate 1.0)"))
                .body("output", nullValue()));
        given().get("/files/" + id + "/0.png").then().statusCode(404);
    }

    @Test
    void anInputAskingForFailureFailsOnlyThatJob() {
        Map<String, Object> input = new HashMap<>(jersey("classic"));
        input.put("_sim_fail", true);
        String failing = create("kiln/jersey-speed", Map.of("input", input)).extract().path("id");
        String fine = create("kiln/jersey-speed", Map.of("input", jersey("classic"))).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            get(failing).body("status", equalTo("failed"))
                    .body("error", equalTo("Simulated failure: the input asked for it with _sim_fail"));
            get(fine).body("status", equalTo("succeeded"));
        });
    }

    @Test
    void theSameSeedReplaysTheSameOutcomes() {
        List<String> first = outcomesUnderSeed(42);
        List<String> second = outcomesUnderSeed(42);

        assertEquals(first, second);
        assertTrue(first.contains("failed") && first.contains("succeeded"), first.toString());
    }

    private List<String> outcomesUnderSeed(long seed) {
        Simulator.faults(Map.of("seed", seed, "failure_rate", 0.5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(create("kiln/jersey-speed", Map.of("input", jersey("classic"))).extract().path("id"));
        }
        List<String> outcomes = new ArrayList<>();
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> get(id)
                    .body("status", oneOf("succeeded", "failed")));
            outcomes.add(get(id).extract().path("status"));
        }
        return outcomes;
    }
}
