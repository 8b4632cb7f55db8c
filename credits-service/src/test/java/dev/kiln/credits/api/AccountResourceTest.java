package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.Keycloak;
import dev.kiln.credits.Operator;
import dev.kiln.credits.ledger.Ledger;
import io.quarkus.test.junit.QuarkusTest;

/** The operator's view of any account: role admin only, and it opens no account. */
@QuarkusTest
class AccountResourceTest {

    @Inject
    Ledger ledger;

    private static String predictionId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 26);
    }

    @Test
    void anOperatorReadsAnyUsersBalanceAndLedger() {
        String user = "operated-" + UUID.randomUUID();
        ledger.reserve(predictionId(), user, 4);
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("user_id", equalTo(user)).body("available", equalTo(6)).body("reserved", equalTo(4));
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(200)
                .body("entries", hasSize(2))
                .body("entries[0].kind", equalTo("reserve")).body("entries[0].amount", equalTo(4))
                .body("entries[1].kind", equalTo("grant")).body("entries[1].amount", equalTo(10));
    }

    @Test
    void anUnknownUserIsANotFoundProblemAndGetsNoAccount() {
        String user = "nobody-" + UUID.randomUUID();
        Operator.given().get("/v1/credits/accounts/{user}", user).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString(user));
        Operator.given().get("/v1/credits/accounts/{user}/ledger", user).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(404);
    }

    @Test
    void aUserWhoIsNoOperatorIsForbiddenAndACallerWithoutATokenIsUnauthenticated() {
        String user = "private-" + UUID.randomUUID();
        ledger.reserve(predictionId(), user, 1);
        Keycloak.TestUser someoneElse = Keycloak.newUser();
        for (String path : new String[] {"/v1/credits/accounts/{user}", "/v1/credits/accounts/{user}/ledger"}) {
            given().header("Authorization", someoneElse.bearer()).get(path, user).then()
                    .statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://kiln.dev/problems/forbidden"))
                    .body("status", equalTo(403));
            given().get(path, user).then()
                    .statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer"))
                    .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
        }
    }

    @Test
    void anUnknownPathOrMethodAnswersTheSharedProblemTypes() {
        given().get("/v1/credits/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"));
        // Without a token too: the method is wrong whoever asks (the end-to-end ProblemsAreAlikeTest relies on it).
        given().delete("/v1/credits/accounts/{user}/ledger", "someone").then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/method-not-allowed"));
    }
}
