package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.Keycloak;
import dev.kiln.credits.ledger.Ledger;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class CallerCreditsResourceTest {

    @Inject
    Ledger ledger;

    @Inject
    DataSource database;

    private static String predictionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    private static RequestSpecification as(Keycloak.TestUser user) {
        return given().header("Authorization", user.bearer());
    }

    @Test
    void aNewUsersBalanceAndLedgerShowTheWelcomeGrantUnderTheTokensSubject() {
        Keycloak.TestUser user = Keycloak.newUser();
        as(user).get("/v1/credits/balance").then().statusCode(200)
                .body("user_id", equalTo(user.id())).body("available", equalTo(10)).body("reserved", equalTo(0));
        as(user).get("/v1/credits/ledger").then().statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].kind", equalTo("grant"))
                .body("entries[0].amount", equalTo(10))
                .body("entries[0].reason", equalTo("welcome"))
                .body("entries[0].prediction_id", nullValue())
                .body("entries[0].available_after", equalTo(10))
                .body("next", nullValue());
    }

    @Test
    void manyFirstCallsAtOnceGiveTheWelcomeGrantOnce() throws Exception {
        Keycloak.TestUser user = Keycloak.newUser();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String path = i % 2 == 0 ? "/v1/credits/balance" : "/v1/credits/ledger";
                Callable<Integer> call = () -> as(user).get(path).then().extract().statusCode();
                answers.add(pool.submit(call));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        as(user).get("/v1/credits/balance").then().body("available", equalTo(10));
        as(user).get("/v1/credits/ledger").then().body("entries", hasSize(1));
    }

    @Test
    void theDatabaseRefusesASecondWelcomeGrantWhateverTheCodeDoes() throws SQLException {
        Keycloak.TestUser user = Keycloak.newUser();
        as(user).get("/v1/credits/balance").then().statusCode(200);
        try (var connection = database.getConnection();
             var insert = connection.prepareStatement("insert into ledger_entries (user_id, kind, amount, reason, "
                     + "available_after, reserved_after, grant_key) values (?, 'grant', 10, 'welcome', 20, 0, ?)")) {
            insert.setString(1, user.id());
            insert.setString(2, "welcome:" + user.id());
            SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);
            assertTrue(refused.getMessage().contains("ledger_entries_one_grant_per_key"), refused::getMessage);
        }
    }

    @Test
    void theLedgerPagesNewestFirstWithAnOpaqueCursorAndShowsOnlyTheCallersEntries() {
        Keycloak.TestUser user = Keycloak.newUser();
        Keycloak.TestUser other = Keycloak.newUser();
        String first = predictionId();
        String second = predictionId();
        ledger.reserve(first, user.id(), 1);
        ledger.reserve(second, user.id(), 2);
        ledger.reserve(predictionId(), user.id(), 100);
        ledger.reserve(predictionId(), other.id(), 5);

        String cursor = as(user).queryParam("limit", 2).get("/v1/credits/ledger").then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("reject"))
                .body("entries[0].reason", equalTo("insufficient_credits"))
                .body("entries[0].amount", equalTo(100))
                .body("entries[1].kind", equalTo("reserve"))
                .body("entries[1].prediction_id", equalTo(second))
                .body("entries[1].amount", equalTo(2))
                .body("next", not(nullValue()))
                .extract().path("next");
        assertFalse(cursor.matches("\\d+"), "the cursor is opaque, not an entry id: " + cursor);

        String createdAt = as(user).queryParam("limit", 2).queryParam("cursor", cursor).get("/v1/credits/ledger")
                .then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("reserve"))
                .body("entries[0].prediction_id", equalTo(first))
                .body("entries[0].amount", equalTo(1))
                .body("entries[1].kind", equalTo("grant"))
                .body("entries[1].amount", equalTo(10))
                .body("next", nullValue())
                .extract().path("entries[0].created_at");
        Instant.parse(createdAt);

        as(user).get("/v1/credits/balance").then().statusCode(200)
                .body("available", equalTo(7)).body("reserved", equalTo(3));
        as(other).get("/v1/credits/balance").then().statusCode(200)
                .body("available", equalTo(5)).body("reserved", equalTo(5));
    }

    @Test
    void aLimitOutOfRangeOrAForeignCursorIsAnInvalidParameterProblem() {
        Keycloak.TestUser user = Keycloak.newUser();
        as(user).queryParam("limit", 0).get("/v1/credits/ledger").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                .body("status", equalTo(400))
                .body("detail", containsString("limit"));
        as(user).queryParam("limit", 101).get("/v1/credits/ledger").then().statusCode(400)
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
        for (String cursor : new String[] {"abc", "42", "YmVmb3JlOi0x", "YmVmb3JlOng"}) {
            as(user).queryParam("cursor", cursor).get("/v1/credits/ledger").then()
                    .statusCode(400).body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                    .body("detail", containsString("cursor"));
        }
    }

    @Test
    void aValidTokenWithoutTheRoleUserIsForbidden() {
        Keycloak.TestUser roleless = Keycloak.newUser(new String[0]);
        as(roleless).get("/v1/credits/balance").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/forbidden"));
    }
}
