package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.ledger.Ledger;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AccountResourceTest {

    @Inject
    Ledger ledger;

    private static String predictionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    @Test
    void anUnknownUserIsANotFoundProblem() {
        String user = "nobody-" + UUID.randomUUID();
        given().get("/v1/credits/accounts/{user}", user).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString(user));
        given().get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
    }

    @Test
    void theLedgerPagesNewestFirstUntilTheCursorRunsOut() {
        String user = "pager-" + UUID.randomUUID();
        String first = predictionId();
        String second = predictionId();
        ledger.reserve(first, user, 1);
        ledger.reserve(second, user, 2);
        ledger.reserve(predictionId(), user, 100);

        String cursor = given().queryParam("limit", 2).get("/v1/credits/accounts/{user}/ledger", user).then()
                .statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("reject"))
                .body("entries[0].reason", equalTo("insufficient_credits"))
                .body("entries[0].amount", equalTo(100))
                .body("entries[1].kind", equalTo("reserve"))
                .body("entries[1].prediction_id", equalTo(second))
                .body("next_cursor", not(nullValue()))
                .extract().path("next_cursor");

        given().queryParam("limit", 2).queryParam("cursor", cursor).get("/v1/credits/accounts/{user}/ledger", user)
                .then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("reserve"))
                .body("entries[0].prediction_id", equalTo(first))
                .body("entries[0].amount", equalTo(1))
                .body("entries[1].kind", equalTo("grant"))
                .body("entries[1].reason", equalTo("welcome"))
                .body("entries[1].created_at", not(nullValue()))
                .body("next_cursor", nullValue());

        given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("user_id", equalTo(user)).body("available", equalTo(7)).body("reserved", equalTo(3));
    }

    @Test
    void aLimitOutOfRangeOrAForeignCursorIsABadRequestProblem() {
        String user = "limits-" + UUID.randomUUID();
        ledger.reserve(predictionId(), user, 1);
        given().queryParam("limit", 0).get("/v1/credits/accounts/{user}/ledger", user).then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                .body("status", equalTo(400))
                .body("detail", containsString("limit"));
        given().queryParam("limit", 101).get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(400)
                .body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
        given().queryParam("cursor", "abc").get("/v1/credits/accounts/{user}/ledger", user).then()
                .statusCode(400).body("type", equalTo("https://kiln.dev/problems/invalid-parameter"))
                .body("detail", containsString("cursor"));
    }

    @Test
    void anUnknownPathOrMethodAnswersTheSharedProblemTypes() {
        given().get("/v1/credits/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
        given().delete("/v1/credits/accounts/{user}", "someone").then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/method-not-allowed"));
    }

    @Test
    void aCreatedAtIsAnIsoInstant() {
        String user = "time-" + UUID.randomUUID();
        ledger.reserve(predictionId(), user, 1);
        String createdAt = given().get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(200)
                .extract().path("entries[0].created_at");
        Instant.parse(createdAt);
    }
}
