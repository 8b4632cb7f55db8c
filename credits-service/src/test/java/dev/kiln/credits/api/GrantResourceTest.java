package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class GrantResourceTest {

    private static final String GRANTS = "/v1/admin/credits/grants";

    private static Keycloak.TestUser admin;

    @BeforeAll
    static void anOperator() {
        admin = Keycloak.newAdmin();
    }

    private static RequestSpecification grant(Keycloak.TestUser caller, String key, Object body) {
        RequestSpecification request = given().header("Authorization", caller.bearer())
                .contentType("application/json").body(body);
        return key == null ? request : request.header("Idempotency-Key", key);
    }

    private static Map<String, Object> order(String userId, long amount, String reason) {
        return Map.of("user_id", userId, "amount", amount, "reason", reason);
    }

    @Test
    void anAdminsGrantShowsInTheGranteesBalanceAndLedger() {
        Keycloak.TestUser grantee = Keycloak.newUser();
        given().header("Authorization", grantee.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(10));

        grant(admin, UUID.randomUUID().toString(), order(grantee.id(), 25, "apology for an outage"))
                .post(GRANTS).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("user_id", equalTo(grantee.id()))
                .body("amount", equalTo(25))
                .body("reason", equalTo("apology for an outage"))
                .body("available", equalTo(35))
                .body("reserved", equalTo(0));

        given().header("Authorization", grantee.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(35)).body("reserved", equalTo(0));
        given().header("Authorization", grantee.bearer()).get("/v1/credits/ledger").then()
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("grant"))
                .body("entries[0].amount", equalTo(25))
                .body("entries[0].reason", equalTo("apology for an outage"))
                .body("entries[0].available_after", equalTo(35))
                .body("entries[1].reason", equalTo("welcome"));
    }

    @Test
    void aGranteeNeverSeenBeforeGetsTheWelcomeGrantAndThenTheGrant() {
        Keycloak.TestUser grantee = Keycloak.newUser();
        grant(admin, UUID.randomUUID().toString(), order(grantee.id(), 5, "beta tester")).post(GRANTS).then()
                .statusCode(201).body("available", equalTo(15));
        given().header("Authorization", grantee.bearer()).get("/v1/credits/ledger").then()
                .body("entries.amount", equalTo(List.of(5, 10)))
                .body("entries.reason", equalTo(List.of("beta tester", "welcome")));
    }

    @Test
    void theSameKeyAndBodyAnswersTheFirstGrantAgainAndGrantsOnce() throws Exception {
        Keycloak.TestUser grantee = Keycloak.newUser();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = order(grantee.id(), 7, "contest prize");
        Response first = grant(admin, key, body).post(GRANTS);
        first.then().statusCode(201);

        Response again = grant(admin, key, body).post(GRANTS);
        again.then().statusCode(201).header("Idempotent-Replayed", equalTo("true"));
        assertEquals(first.jsonPath().getMap(""), again.jsonPath().getMap(""));

        // Twenty at once under one new key: one grant.
        String concurrentKey = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> grant(admin, concurrentKey, order(grantee.id(), 3, "raffle"))
                        .post(GRANTS).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(201, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        given().header("Authorization", grantee.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(10 + 7 + 3));
        given().header("Authorization", grantee.bearer()).get("/v1/credits/ledger").then()
                .body("entries.amount", equalTo(List.of(3, 7, 10)));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAnIdempotencyConflictAndGrantsNothing() {
        Keycloak.TestUser grantee = Keycloak.newUser();
        Keycloak.TestUser another = Keycloak.newUser();
        String key = UUID.randomUUID().toString();
        grant(admin, key, order(grantee.id(), 4, "first")).post(GRANTS).then().statusCode(201);

        for (Map<String, Object> other : List.of(order(grantee.id(), 5, "first"), order(grantee.id(), 4, "second"),
                order(another.id(), 4, "first"))) {
            grant(admin, key, other).post(GRANTS).then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/idempotency-conflict"))
                    .body("detail", containsString(key));
        }
        given().header("Authorization", grantee.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(14));
        given().header("Authorization", another.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(10));
    }

    @Test
    void aKeyBelongsToItsOperatorSoAnotherOperatorsSameKeyIsAnotherGrant() {
        Keycloak.TestUser grantee = Keycloak.newUser();
        Keycloak.TestUser secondOperator = Keycloak.newAdmin();
        String key = UUID.randomUUID().toString();
        grant(admin, key, order(grantee.id(), 2, "shared key")).post(GRANTS).then().statusCode(201);
        grant(secondOperator, key, order(grantee.id(), 2, "shared key")).post(GRANTS).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).body("available", equalTo(14));
    }

    @Test
    void aUserWhoIsNoOperatorIsForbiddenAndNothingIsGranted() {
        Keycloak.TestUser user = Keycloak.newUser();
        grant(user, UUID.randomUUID().toString(), order(user.id(), 1000, "myself")).post(GRANTS).then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/forbidden"))
                .body("status", equalTo(403));
        given().header("Authorization", user.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(10));
    }

    @Test
    void aMissingOrUnusableIdempotencyKeyIsAnInvalidParameterProblem() {
        Keycloak.TestUser grantee = Keycloak.newUser();
        grant(admin, null, order(grantee.id(), 1, "no key")).post(GRANTS).then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                .body("detail", containsString("Idempotency-Key"));
        grant(admin, "x".repeat(201), order(grantee.id(), 1, "long key")).post(GRANTS).then()
                .statusCode(400).body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
        given().header("Authorization", grantee.bearer()).get("/v1/credits/balance").then()
                .body("available", equalTo(10));
    }

    @Test
    void invalidOrUnknownFieldsAreEachNamedInAnInvalidRequestProblem() {
        String key = UUID.randomUUID().toString();
        grant(admin, key, Map.of("user_id", "", "amount", 2.5, "reason", 7, "amont", 3)).post(GRANTS).then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", hasItems("user_id", "amount", "reason", "amont"));
        grant(admin, key, Map.of("user_id", "someone", "amount", 0, "reason", "zero")).post(GRANTS).then()
                .statusCode(422).body("errors.field", equalTo(List.of("amount")));
        grant(admin, key, Map.of("user_id", "someone", "amount", 100001, "reason", "too much")).post(GRANTS).then()
                .statusCode(422).body("errors[0].message", containsString("100000"));
        grant(admin, key, Map.of("user_id", "anonymous:203.0.113.9", "amount", 1, "reason", "anon")).post(GRANTS)
                .then().statusCode(422).body("errors.field", equalTo(List.of("user_id")));
        grant(admin, key, Map.of("amount", 1)).post(GRANTS).then()
                .statusCode(422).body("errors.field", hasItems("user_id", "reason"));
        grant(admin, key, "[1, 2]").post(GRANTS).then().statusCode(422)
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"));
        grant(admin, key, "{\"user_id\": ").post(GRANTS).then().statusCode(400)
                .body("type", equalTo("https://kiln.dev/problems/malformed-body"));
        given().header("Authorization", admin.bearer()).header("Idempotency-Key", key).contentType("text/plain")
                .body("hello").post(GRANTS).then().statusCode(415)
                .body("type", equalTo("https://kiln.dev/problems/unsupported-media-type"));
        // None of these used up the key.
        Keycloak.TestUser grantee = Keycloak.newUser();
        grant(admin, key, order(grantee.id(), 1, "after the mistakes")).post(GRANTS).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue());
    }
}
