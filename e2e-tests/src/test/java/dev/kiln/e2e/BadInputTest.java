package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.KafkaProbe;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every bad input, on every service, gets a clear answer and changes nothing (issue 7's done-when): one row per bad
 * request, each with the status and problem {@code type} it must get. Around each request the whole system is
 * watched: no record on any Kiln topic that carries the request's marker (a string unique to the row, placed in its
 * body, and in a webhook's logs and output); the same ledger lengths for every user involved; the same status of bob's
 * prediction, which every webhook row is about and the cancel rows aim at; the same simulator faults.
 * <p>
 * The fixtures: alice, bob and a grantee (fresh users, welcome grants already taken), bob's speed prediction kept
 * running for minutes by a slow simulator, an API token of alice's that she revoked, an expired token of hers, and an
 * admin grant whose Idempotency-Key a row reuses.
 */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GATEWAY_MAX_BODY = 64 * 1024;
    private static final int WEBHOOK_MAX_BODY = 256 * 1024;

    private static Users.User alice;
    private static Users.User bob;
    private static Users.User grantee;
    private static String admin;
    private static String bobsPrediction;
    private static String bobsProviderPrediction;
    private static String revokedApiToken;
    private static String expiredToken;
    private static String grantKey;
    private static String submitKey;
    private static String webhookSecret;

    /** One bad request: what it is, the answer it must get, and how to make it (given the row's marker). */
    record BadRequest(String name, int status, String type, Function<String, Response> send) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static BadRequest row(String name, int status, String type, Function<String, Response> send) {
        return new BadRequest(name, status, type, send);
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                // gateway-service: POST /v1/predictions
                row("gateway submit: body over 64 KiB", 413, "body-too-large",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m + "x".repeat(GATEWAY_MAX_BODY))).post("/v1/predictions")),
                row("gateway submit: text/plain", 415, "unsupported-media-type",
                        m -> anonymous().contentType("text/plain").body(Gateway.body("speed", m))
                                .post("/v1/predictions")),
                row("gateway submit: malformed JSON", 400, "malformed-body",
                        m -> anonymous().contentType(ContentType.JSON).body("{\"task\":\"jersey\",\"" + m + "\": }")
                                .post("/v1/predictions")),
                row("gateway submit: unknown top-level field", 422, "invalid-request",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m).replaceFirst("^\\{", "{\"priority\":\"high\","))
                                .post("/v1/predictions")),
                row("gateway submit: unknown task", 422, "invalid-request",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m).replace("\"jersey\"", "\"scarf\""))
                                .post("/v1/predictions")),
                row("gateway submit: unknown mode", 422, "invalid-request",
                        m -> asUser(alice).contentType(ContentType.JSON).body(Gateway.body("turbo", m))
                                .post("/v1/predictions")),
                row("gateway submit: webhook_events_filter without webhook", 422, "invalid-request",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m).replaceFirst("^\\{",
                                        "{\"webhook_events_filter\":[\"completed\"],"))
                                .post("/v1/predictions")),
                row("gateway submit: no input", 422, "invalid-request",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"note\":\"" + m + "\"}")
                                .post("/v1/predictions")),
                row("gateway submit: a colour that is no colour", 422, "invalid-request",
                        m -> anonymous().contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m).replace("#1E3A8A", "blue-ish"))
                                .post("/v1/predictions")),
                row("gateway submit: anonymous in quality mode", 401, "unauthenticated",
                        m -> anonymous().contentType(ContentType.JSON).body(Gateway.body("quality", m))
                                .post("/v1/predictions")),
                row("gateway submit: anonymous in scene mode", 401, "unauthenticated",
                        m -> anonymous().contentType(ContentType.JSON).body(Gateway.body("scene", m))
                                .post("/v1/predictions")),
                row("gateway submit: forged token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), Users.forged(alice.accessToken(), bob.id()))
                                .contentType(ContentType.JSON).body(Gateway.body("speed", m)).post("/v1/predictions")),
                row("gateway submit: expired token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), expiredToken)
                                .contentType(ContentType.JSON).body(Gateway.body("speed", m)).post("/v1/predictions")),
                row("gateway submit: revoked API token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), revokedApiToken)
                                .contentType(ContentType.JSON).body(Gateway.body("speed", m)).post("/v1/predictions")),
                row("gateway submit: API token nobody issued", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), "kiln_" + "a".repeat(40))
                                .contentType(ContentType.JSON).body(Gateway.body("speed", m)).post("/v1/predictions")),
                row("gateway submit: a bearer that is no token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), "not-a-token-" + m)
                                .contentType(ContentType.JSON).body(Gateway.body("speed", m)).post("/v1/predictions")),
                row("gateway submit: Idempotency-Key reused with another body", 409, "idempotency-conflict",
                        m -> asUser(alice).header("Idempotency-Key", submitKey).contentType(ContentType.JSON)
                                .body(Gateway.body("speed", m)).post("/v1/predictions")),
                // gateway-service: GET and cancel of one prediction
                row("gateway get: unknown id", 404, "not-found",
                        m -> asUser(alice).get("/v1/predictions/" + "a".repeat(26))),
                row("gateway get: malformed id", 404, "not-found",
                        m -> asUser(alice).get("/v1/predictions/not-an-id")),
                row("gateway get: another user's prediction", 403, "forbidden",
                        m -> asUser(alice).get("/v1/predictions/" + bobsPrediction)),
                row("gateway get: a user's prediction, anonymously", 401, "unauthenticated",
                        m -> anonymous().get("/v1/predictions/" + bobsPrediction)),
                row("gateway cancel: another user's prediction", 403, "forbidden",
                        m -> asUser(alice).post("/v1/predictions/" + bobsPrediction + "/cancel")),
                row("gateway cancel: a user's prediction, anonymously", 401, "unauthenticated",
                        m -> anonymous().post("/v1/predictions/" + bobsPrediction + "/cancel")),
                row("gateway cancel: unknown id", 404, "not-found",
                        m -> asUser(alice).post("/v1/predictions/" + "b".repeat(26) + "/cancel")),
                row("gateway cancel: forged token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), Users.forged(bob.accessToken(), bob.id() + "x"))
                                .post("/v1/predictions/" + bobsPrediction + "/cancel")),
                // gateway-service: the list (a user's gallery)
                row("gateway list: anonymous", 401, "unauthenticated",
                        m -> anonymous().get("/v1/predictions")),
                row("gateway list: a cursor it never gave out", 400, "invalid-parameter",
                        m -> asUser(alice).get("/v1/predictions?cursor=" + m)),
                row("gateway list: limit 0", 400, "invalid-parameter",
                        m -> asUser(alice).get("/v1/predictions?limit=0")),
                row("gateway list: expired token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), expiredToken).get("/v1/predictions")),
                // gateway-service: API tokens
                row("gateway tokens: create anonymously", 401, "unauthenticated",
                        m -> anonymous().contentType(ContentType.JSON).body(Map.of("name", m))
                                .post("/v1/account/tokens")),
                row("gateway tokens: create without a name", 422, "invalid-request",
                        m -> asUser(alice).contentType(ContentType.JSON).body(Map.of("name", " "))
                                .post("/v1/account/tokens")),
                row("gateway tokens: create with malformed JSON", 400, "malformed-body",
                        m -> asUser(alice).contentType(ContentType.JSON).body("{\"name\": " + m)
                                .post("/v1/account/tokens")),
                row("gateway tokens: revoke a token that is not yours", 404, "not-found",
                        m -> asUser(bob).delete("/v1/account/tokens/" + UUID.randomUUID())),
                row("gateway tokens: list with a revoked API token", 401, "unauthenticated",
                        m -> withToken(Gateway.url(), revokedApiToken).get("/v1/account/tokens")),
                // credits-service
                row("credits balance: anonymous", 401, "unauthenticated",
                        m -> given().baseUri(Credits.url()).get("/v1/credits/balance")),
                row("credits balance: forged token", 401, "unauthenticated",
                        m -> withToken(Credits.url(), Users.forged(alice.accessToken(), bob.id()))
                                .get("/v1/credits/balance")),
                row("credits balance: expired token", 401, "unauthenticated",
                        m -> withToken(Credits.url(), expiredToken).get("/v1/credits/balance")),
                row("credits ledger: a cursor it never gave out", 400, "invalid-parameter",
                        m -> alice.to(Credits.url()).get("/v1/credits/ledger?cursor=" + m)),
                row("credits account of another user, as a user", 403, "forbidden",
                        m -> alice.to(Credits.url()).get("/v1/credits/accounts/" + bob.id())),
                row("credits grant: by a user who is no admin", 403, "forbidden",
                        m -> alice.to(Credits.url()).header("Idempotency-Key", m).contentType(ContentType.JSON)
                                .body(grant(alice.id(), 100, m)).post("/v1/admin/credits/grants")),
                row("credits grant: without Idempotency-Key", 400, "invalid-parameter",
                        m -> withToken(Credits.url(), admin).contentType(ContentType.JSON)
                                .body(grant(grantee.id(), 5, m)).post("/v1/admin/credits/grants")),
                row("credits grant: a negative amount", 422, "invalid-request",
                        m -> withToken(Credits.url(), admin).header("Idempotency-Key", m)
                                .contentType(ContentType.JSON).body(grant(grantee.id(), -5, m))
                                .post("/v1/admin/credits/grants")),
                row("credits grant: malformed JSON", 400, "malformed-body",
                        m -> withToken(Credits.url(), admin).header("Idempotency-Key", m)
                                .contentType(ContentType.JSON).body("{\"user_id\": \"" + m + "\", ")
                                .post("/v1/admin/credits/grants")),
                row("credits grant: text/plain", 415, "unsupported-media-type",
                        m -> withToken(Credits.url(), admin).header("Idempotency-Key", m)
                                .contentType("text/plain")
                                .body("{\"user_id\":\"" + grantee.id() + "\",\"amount\":5,\"reason\":\"" + m + "\"}")
                                .post("/v1/admin/credits/grants")),
                row("credits grant: Idempotency-Key reused with another body", 409, "idempotency-conflict",
                        m -> withToken(Credits.url(), admin).header("Idempotency-Key", grantKey)
                                .contentType(ContentType.JSON).body(grant(grantee.id(), 7, m))
                                .post("/v1/admin/credits/grants")),
                // webhook-service: POST /v1/webhooks/replicate, about bob's dispatched, running prediction
                row("webhook: forged signature", 401, "invalid-signature",
                        m -> Webhooks.signed(Webhooks.strangersSecret(), succeeded(m), Instant.now())
                                .contentType(ContentType.JSON).post("/v1/webhooks/replicate")),
                row("webhook: timestamp 301 s old", 401, "invalid-signature",
                        m -> Webhooks.signed(webhookSecret, succeeded(m), Instant.now().minusSeconds(301))
                                .contentType(ContentType.JSON).post("/v1/webhooks/replicate")),
                row("webhook: timestamp 301 s ahead", 401, "invalid-signature",
                        m -> Webhooks.signed(webhookSecret, succeeded(m), Instant.now().plusSeconds(301))
                                .contentType(ContentType.JSON).post("/v1/webhooks/replicate")),
                row("webhook: unsigned", 401, "invalid-signature",
                        m -> given().baseUri(Webhooks.url()).contentType(ContentType.JSON).body(succeeded(m))
                                .post("/v1/webhooks/replicate")),
                row("webhook: body over 256 KiB, validly signed", 413, "body-too-large",
                        m -> Webhooks.signed(webhookSecret, Webhooks.prediction(bobsProviderPrediction, "succeeded",
                                m + "x".repeat(WEBHOOK_MAX_BODY)), Instant.now())
                                .contentType(ContentType.JSON).post("/v1/webhooks/replicate")),
                // A signed webhook about a provider prediction not (yet) dispatched is no bad input any more: it is held
                // and answered 200 until its prediction.dispatched comes (issue 9; webhook-service's WebhookPublishingTest).
                row("webhook: text/plain", 415, "unsupported-media-type",
                        m -> Webhooks.signed(webhookSecret, succeeded(m), Instant.now())
                                .contentType("text/plain").post("/v1/webhooks/replicate")),
                row("webhook: a provider that is not configured", 404, "not-found",
                        m -> Webhooks.signed(webhookSecret, succeeded(m), Instant.now())
                                .contentType(ContentType.JSON).post("/v1/webhooks/acme")),
                row("webhook: signed body that is not a prediction", 400, "malformed-body",
                        m -> Webhooks.signed(webhookSecret, "[\"" + m + "\"]", Instant.now())
                                .contentType(ContentType.JSON).post("/v1/webhooks/replicate")),
                // provider-simulator
                row("simulator faults: without its token", 401, "unauthenticated",
                        m -> given().baseUri(Simulator.url()).contentType(ContentType.JSON)
                                .body("{\"failure_rate\":1.0}").put("/_sim/faults")),
                row("simulator reset: with another token", 401, "unauthenticated",
                        m -> withToken(Simulator.url(), "r8_" + m).post("/_sim/reset")),
                row("simulator create: without its token", 401, "unauthenticated",
                        m -> given().baseUri(Simulator.url()).contentType(ContentType.JSON)
                                .body(Map.of("input", Map.of("prompt", m)))
                                .post("/v1/models/kiln/jersey-speed/predictions")),
                row("simulator faults: an unknown fault", 422, "invalid-request",
                        m -> Simulator.authorized().contentType(ContentType.JSON).body("{\"" + m + "\":true}")
                                .put("/_sim/faults")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isAnsweredWithItsProblemAndChangesNothing(BadRequest bad) {
        String marker = "e2e-bad-" + UUID.randomUUID();
        // Not keyed by bob's prediction: its own webhooks (logs at half time) publish under it meanwhile.
        Footprint footprint = Footprint.of(marker, List.of())
                .watching("bob's prediction", () -> Gateway.get(bob, bobsPrediction).getString("status"))
                .watching("alice's ledger", () -> Ledger.entryCountOf(alice.id()))
                .watching("bob's ledger", () -> Ledger.entryCountOf(bob.id()))
                .watching("the grantee's ledger", () -> Ledger.entryCountOf(grantee.id()))
                .watching("the simulator's faults", () -> Simulator.authorized().get("/_sim/faults").asString())
                .before();

        Response answer = bad.send().apply(marker);

        assertEquals(bad.status(), answer.statusCode(), () -> bad + ": " + answer.asString());
        assertTrue(answer.contentType().startsWith("application/problem+json"),
                () -> bad + " answers " + answer.contentType() + ": " + answer.asString());
        assertEquals("https://kiln.dev/problems/" + bad.type(), answer.jsonPath().getString("type"), answer::asString);
        footprint.assertNothingChanged(bad.name());
    }

    @BeforeAll
    static void fixtures() throws Exception {
        Simulator.reset();
        // A speed jersey runs five minutes: bob's prediction is still running when the last row is sent.
        Simulator.faults("{\"time_scale\":60.0}");
        alice = Users.create();
        bob = Users.create();
        grantee = Users.create();
        admin = Users.admin();
        for (Users.User user : List.of(alice, bob, grantee)) {
            Credits.balance(user); // the welcome grant, now rather than during a row
        }
        webhookSecret = Simulator.webhookSecret();

        try (KafkaProbe kafka = new KafkaProbe(Stack.kafkaBootstrapServers()).listen("prediction.dispatched")) {
            bobsPrediction = Gateway.submit(bob, "bob's long-running kit");
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.first(bobsPrediction, "prediction.dispatched")
                    .isPresent());
            bobsProviderPrediction = JSON.readTree(kafka.first(bobsPrediction, "prediction.dispatched")
                    .orElseThrow().json()).path("provider_prediction_id").asText();
        }
        // Starting takes a while at this time scale too; from processing on, nothing changes its status for minutes.
        Gateway.awaitStatus(bob, bobsPrediction, "processing", Duration.ofSeconds(120));

        var created = asUser(alice).contentType(ContentType.JSON).body(Map.of("name", "revoked by the e2e test"))
                .post("/v1/account/tokens").then().statusCode(201).extract().jsonPath();
        revokedApiToken = created.getString("token");
        asUser(alice).delete("/v1/account/tokens/" + created.getString("id")).then().statusCode(204);

        submitKey = "e2e-" + UUID.randomUUID();
        asUser(alice).header("Idempotency-Key", submitKey).contentType(ContentType.JSON)
                .body(Gateway.body("speed", "alice's first body under this key")).post("/v1/predictions")
                .then().statusCode(202);

        grantKey = "e2e-" + UUID.randomUUID();
        withToken(Credits.url(), admin).header("Idempotency-Key", grantKey).contentType(ContentType.JSON)
                .body(grant(grantee.id(), 3, "the first grant under this key")).post("/v1/admin/credits/grants")
                .then().statusCode(201);

        expiredToken = Users.expiredToken(alice);
    }

    @AfterAll
    static void endBobsPrediction() {
        if (bobsPrediction != null) {
            Gateway.cancel(bob, bobsPrediction);
        }
        Simulator.reset();
    }

    private static RequestSpecification anonymous() {
        return Anonymous.client().to(Gateway.url());
    }

    private static RequestSpecification asUser(Users.User user) {
        return user.to(Gateway.url());
    }

    private static RequestSpecification withToken(String baseUri, String token) {
        return given().baseUri(baseUri).header("Authorization", "Bearer " + token);
    }

    private static Map<String, Object> grant(String userId, int amount, String reason) {
        return Map.of("user_id", userId, "amount", amount, "reason", reason);
    }

    /** A "succeeded" webhook for bob's running prediction: were it believed, his prediction would end with it. */
    private static String succeeded(String marker) {
        return Webhooks.prediction(bobsProviderPrediction, "succeeded", marker);
    }
}
