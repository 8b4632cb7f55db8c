package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.kiln.apitokens.ApiTokenRegistry;
import dev.kiln.apitokens.ApiTokens;
import dev.kiln.apitokens.RegisteredToken;
import dev.kiln.credits.Keycloak;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A personal API token, registered in Redis as gateway-service registers it when a user creates one, works here as
 * its owner; revoked (the key deleted), it is refused at once.
 */
@QuarkusTest
class ApiTokenTest {

    @Inject
    ApiTokenRegistry registry;

    @Test
    void anApiTokenActsAsItsOwnerUntilItIsRevoked() {
        Keycloak.TestUser owner = Keycloak.newUser();
        String token = ApiTokens.generate();
        String hash = ApiTokens.hash(token);
        registry.register(hash, new RegisteredToken(UUID.randomUUID().toString(), owner.id(), Set.of("user"), null))
                .await().indefinitely();

        given().header("Authorization", "Bearer " + token).get("/v1/credits/balance").then().statusCode(200)
                .body("user_id", equalTo(owner.id())).body("available", equalTo(10));
        // The same account as the owner's OIDC token sees.
        given().header("Authorization", owner.bearer()).get("/v1/credits/ledger").then().statusCode(200)
                .body("entries.size()", equalTo(1));

        registry.remove(hash).await().indefinitely();
        given().header("Authorization", "Bearer " + token).get("/v1/credits/balance").then()
                .statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
    }

    @Test
    void anAdminsApiTokenCarriesTheRoleAdmin() {
        Keycloak.TestUser user = Keycloak.newUser();
        String userToken = ApiTokens.generate();
        registry.register(ApiTokens.hash(userToken),
                new RegisteredToken(UUID.randomUUID().toString(), user.id(), Set.of("user"), null))
                .await().indefinitely();
        String adminToken = ApiTokens.generate();
        registry.register(ApiTokens.hash(adminToken),
                new RegisteredToken(UUID.randomUUID().toString(), "operator-" + UUID.randomUUID(),
                        Set.of("user", "admin"), null))
                .await().indefinitely();

        given().header("Authorization", "Bearer " + userToken).get("/v1/credits/accounts/{user}", user.id()).then()
                .statusCode(403).body("type", equalTo("https://kiln.dev/problems/forbidden"));
        given().header("Authorization", "Bearer " + userToken).get("/v1/credits/balance").then().statusCode(200);
        given().header("Authorization", "Bearer " + adminToken).get("/v1/credits/accounts/{user}", user.id()).then()
                .statusCode(200).body("available", equalTo(10));
    }

    @Test
    void anUnknownApiTokenIsUnauthenticated() {
        given().header("Authorization", "Bearer " + ApiTokens.generate()).get("/v1/credits/balance").then()
                .statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
    }
}
