package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.kiln.credits.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Every refusal of a caller's token is a 401 problem with the Bearer challenge, never quarkus-oidc's empty 401:
 * no token, an expired one, a forged one, or one the issuer made for another audience.
 */
@QuarkusTest
class AuthenticationTest {

    /** A client of the realm whose tokens live five seconds (see Keycloak.ensureShortLivedClient). */
    private static final String SHORT_LIVED_CLIENT = "kiln-credits-tests-short-lived";

    private static void isUnauthenticated(ValidatableResponse answer) {
        answer.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"))
                .body("title", equalTo("Unauthenticated"))
                .body("status", equalTo(401))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void noTokenIsUnauthenticated() {
        isUnauthenticated(given().get("/v1/credits/balance").then());
        isUnauthenticated(given().get("/v1/credits/ledger").then());
        isUnauthenticated(given().contentType("application/json").body("{}").post("/v1/admin/credits/grants").then());
    }

    @Test
    void aTokenThatIsNotAJwtIsUnauthenticated() {
        isUnauthenticated(given().header("Authorization", "Bearer not-a-token").get("/v1/credits/balance").then());
    }

    @Test
    void aTokenWhoseClaimsWereChangedIsUnauthenticated() {
        Keycloak.TestUser user = Keycloak.newUser();
        Keycloak.TestUser admin = Keycloak.newAdmin();
        String[] parts = user.token().split("\\.");
        // The user's token, claiming the admin's subject and roles, under the user's signature.
        String adminClaims = admin.token().split("\\.")[1];
        String forged = parts[0] + "." + adminClaims + "." + parts[2];
        isUnauthenticated(given().header("Authorization", "Bearer " + forged).get("/v1/credits/balance").then());
        // Unsigned: alg none.
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        isUnauthenticated(given().header("Authorization", "Bearer " + none + "." + parts[1] + ".")
                .get("/v1/credits/balance").then());
        // The genuine token still works: what was refused was the forgery.
        given().header("Authorization", user.bearer()).get("/v1/credits/balance").then().statusCode(200);
    }

    @Test
    void anExpiredTokenIsUnauthenticated() {
        Keycloak.ensureShortLivedClient(SHORT_LIVED_CLIENT);
        Keycloak.TestUser user = Keycloak.newUser();
        String token = Keycloak.token(SHORT_LIVED_CLIENT, user.username());
        // Accepted while it lives: what is refused below is the expiry, nothing else about the token.
        given().header("Authorization", "Bearer " + token).get("/v1/credits/balance").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                isUnauthenticated(given().header("Authorization", "Bearer " + token).get("/v1/credits/balance").then()));
    }

    @Test
    void aTokenOfTheIssuerForAnotherAudienceIsUnauthenticated() {
        Keycloak.TestUser user = Keycloak.newUser();
        // admin-cli is a client of the realm too, but its tokens are not meant for Kiln (no audience kiln).
        String elsewhere = Keycloak.token("admin-cli", user.username());
        isUnauthenticated(given().header("Authorization", "Bearer " + elsewhere).get("/v1/credits/balance").then());
    }
}
