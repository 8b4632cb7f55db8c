package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Who may do what, end to end against the real Keycloak of ./stack: users pay in credits and see only their own
 * predictions, API tokens act as their user until revoked, admins grant credits, anonymous callers get a small free
 * quota in speed mode only, and no burst of submissions gets more than the balance pays for.
 */
class WhoMayDoWhatTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int WELCOME = 10;
    private static final int SPEED_COST = 1;

    @BeforeEach
    void fastSimulator() {
        Simulator.reset();
        Simulator.faults(Simulator.FAST);
    }

    @AfterEach
    void resetSimulator() {
        Simulator.reset();
    }

    @Test
    void anApiTokenOfAliceSubmitsAndReadsAsAliceAndOnceRevokedGets401() {
        Users.User alice = Users.create();
        JsonPath created = alice.to(Gateway.url()).contentType(ContentType.JSON).body(Map.of("name", "e2e laptop"))
                .post("/v1/account/tokens").then().statusCode(201).extract().jsonPath();
        String token = created.getString("token");
        assertTrue(token.matches("kiln_[a-z2-7]{40}"), token);
        Caller withToken = baseUri -> given().baseUri(baseUri).header("Authorization", "Bearer " + token);

        String id = Gateway.submit(withToken, "a kit by API token");

        var prediction = Gateway.awaitTerminal(withToken, id, WITHIN);
        assertEquals("succeeded", prediction.getString("status"), prediction.prettify());
        assertEquals(id, Gateway.get(alice, id).getString("id"), "alice signed in reads what her token submitted");
        assertTrue(galleryIds(alice).contains(id), "alice's gallery holds what her token submitted");
        await().atMost(Duration.ofSeconds(10)).until(() -> Ledger.movementsOf(id),
                equalTo(List.of("reserve 1", "confirm 1")));
        assertEquals(WELCOME - SPEED_COST, Credits.balance(withToken).getLong("available"),
                "the token's balance is alice's");

        alice.to(Gateway.url()).delete("/v1/account/tokens/" + created.getString("id")).then().statusCode(204);

        Gateway.send(withToken, "speed", "after revocation").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
        withToken.to(Gateway.url()).get("/v1/predictions/" + id).then().statusCode(401);
        withToken.to(Credits.url()).get("/v1/credits/balance").then().statusCode(401);
    }

    @Test
    void aliceCannotReadOrCancelBobsPredictionButBobAndAnAdminCanRead() {
        Users.User alice = Users.create();
        Users.User bob = Users.create();
        Simulator.faults("{\"time_scale\":2.0}");
        String bobs = Gateway.submit(bob, "bob's kit");

        alice.to(Gateway.url()).get("/v1/predictions/" + bobs).then().statusCode(403)
                .body("type", equalTo("https://kiln.dev/problems/forbidden"));
        Gateway.cancel(alice, bobs).then().statusCode(403)
                .body("type", equalTo("https://kiln.dev/problems/forbidden"));

        Caller admin = baseUri -> given().baseUri(baseUri).header("Authorization", "Bearer " + Users.admin());
        assertEquals(bobs, Gateway.get(admin, bobs).getString("id"));
        var finished = Gateway.awaitTerminal(bob, bobs, WITHIN);
        assertEquals("succeeded", finished.getString("status"), "alice's cancel changed nothing");
    }

    @Test
    void anAdminGrantShowsInTheGranteesLedger() {
        Users.User grantee = Users.create();
        String reason = "e2e goodwill " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Caller admin = baseUri -> given().baseUri(baseUri).header("Authorization", "Bearer " + Users.admin());

        for (int i = 0; i < 2; i++) { // the retry of a grant gives the first answer and grants nothing more
            admin.to(Credits.url()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("user_id", grantee.id(), "amount", 25, "reason", reason))
                    .post("/v1/admin/credits/grants").then().statusCode(201);
        }

        JsonPath ledger = Credits.ledger(grantee);
        List<Map<String, Object>> grants = ledger.getList("entries.findAll { it.kind == 'grant' }");
        assertEquals(2, grants.size(), ledger.prettify()); // the welcome grant and this one
        assertEquals(reason, grants.get(0).get("reason"), "newest first");
        assertEquals(25, ((Number) grants.get(0).get("amount")).intValue());
        assertEquals(WELCOME + 25, Credits.balance(grantee).getLong("available"));
    }

    @Test
    void aUsersListShowsOnlyTheirPredictionsNewestFirstPageByPage() {
        Users.User carol = Users.create();
        Users.User dave = Users.create();
        List<String> carols = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            carols.add(Gateway.submit(carol, "carol's kit " + i));
            Gateway.awaitTerminal(carol, carols.get(i), WITHIN); // one at a time: within the in-flight cap
        }
        String daves = Gateway.submit(dave, "dave's kit");

        JsonPath first = carol.to(Gateway.url()).get("/v1/predictions?limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(carols.get(2), carols.get(1)), first.getList("results.id"));
        String next = first.getString("next");
        // The next page's URL as given, cursor and all (its characters are the API's business, not ours).
        JsonPath second = carol.to(Gateway.url()).urlEncodingEnabled(false).get(next).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(carols.get(0)), second.getList("results.id"));
        assertEquals(null, second.getString("next"));
        // The list is read from the durable record, written a moment after the 202 (docs/gateway-service.md).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(daves), galleryIds(dave)));
        assertTrue(!galleryIds(carol).contains(daves), "dave's prediction is not in carol's list");
    }

    @Test
    void fiftyConcurrentSubmissionsChargeAtMostTheBalanceAndSettleEveryReservationExactly() throws Exception {
        Users.User user = Users.create();
        Credits.balance(user); // the welcome grant: 10 speed jobs
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Response>> submissions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String prompt = "burst " + i;
            submissions.add(() -> Gateway.send(user, "speed", prompt));
        }
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : pool.invokeAll(submissions)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> accepted = new ArrayList<>();
        for (Response answer : answers) {
            if (answer.statusCode() == 202) {
                accepted.add(answer.path("id"));
            } else {
                assertEquals(429, answer.statusCode(), answer.asString());
                assertEquals("https://kiln.dev/problems/rate-limited", answer.path("type"), answer.asString());
                assertTrue(answer.header("Retry-After") != null, "a refusal says when to retry");
            }
        }
        assertTrue(!accepted.isEmpty(), "some submissions get through");
        Set<String> succeeded = new HashSet<>();
        for (String id : accepted) {
            var prediction = Gateway.awaitTerminal(user, id, WITHIN);
            if ("succeeded".equals(prediction.getString("status"))) {
                succeeded.add(id);
            } else {
                assertEquals("insufficient_credits", prediction.getString("error_code"), prediction.prettify());
            }
        }
        assertTrue(succeeded.size() <= WELCOME / SPEED_COST, succeeded.size() + " charged");
        for (String id : accepted) { // every reservation settled: confirmed, refunded or never made (rejected)
            await().atMost(Duration.ofSeconds(15)).until(() -> settled(Ledger.movementsOf(id), succeeded.contains(id)));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var balance = Credits.balance(user);
            assertEquals(WELCOME - (long) SPEED_COST * succeeded.size(), balance.getLong("available"),
                    balance.prettify());
            assertEquals(0, balance.getLong("reserved"), balance.prettify());
        });
    }

    @Test
    void theAnonymousQuotaRefusesTheFourthSubmissionOfTheDayWithWhenToComeBack() {
        Anonymous client = Anonymous.client();
        for (int i = 0; i < 3; i++) {
            Gateway.submit(client, "free kit " + i);
        }

        Response fourth = Gateway.send(client, "speed", "one too many");

        fourth.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/quota-exhausted"));
        long retryAfter = Long.parseLong(fourth.header("Retry-After"));
        // A rolling day from the first of the three, which was sent moments ago.
        assertTrue(retryAfter > Duration.ofHours(24).minusMinutes(5).toSeconds()
                && retryAfter <= Duration.ofHours(24).toSeconds(), "Retry-After " + retryAfter);
        Gateway.send(Anonymous.client(), "speed", "another address").then().statusCode(202);
    }

    @Test
    void anAnonymousQualitySubmissionIsRefusedWithAProblemThatSaysWhy() {
        Gateway.send(Anonymous.client(), "quality", "a quality kit for free").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"))
                .body("detail", containsString("quality mode costs credits"));
    }

    /** Reserve then confirm for a succeeded job; reserve then refund, or a reject alone, for one that did not run. */
    private static boolean settled(List<String> movements, boolean succeeded) {
        return succeeded ? movements.equals(List.of("reserve 1", "confirm 1"))
                : movements.equals(List.of("reserve 1", "refund 1")) || movements.equals(List.of("reject 1"))
                        || movements.equals(List.of("reject 0"));
    }

    private static List<String> galleryIds(Users.User user) {
        return user.to(Gateway.url()).get("/v1/predictions?limit=100").then().statusCode(200).extract().jsonPath()
                .getList("results.id");
    }
}
