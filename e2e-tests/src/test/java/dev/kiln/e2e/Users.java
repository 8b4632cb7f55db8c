package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Users of the local Keycloak (realm {@code kiln}), as the tests need them: a fresh user per test, made through the
 * Keycloak admin REST API (master realm, admin/admin) with the realm role {@code user}, signed in by password grant
 * on the public client {@code kiln-web}. Each test's users are its own, so no test sees another's predictions, ledger
 * or limits. The seeded alice, bob and admin stay for humans; only {@link #admin()} signs in as the seeded admin.
 */
public final class Users {

    static final String REALM = "kiln";
    static final String CLIENT = "kiln-web";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A signed-in user: their Keycloak id (the token's {@code sub}, the user id everywhere in Kiln) and a token. */
    public record User(String id, String username, String password, String accessToken) implements Caller {

        String bearer() {
            return "Bearer " + accessToken;
        }

        @Override
        public RequestSpecification to(String baseUri) {
            return given().baseUri(baseUri).header("Authorization", bearer());
        }
    }

    private Users() {
    }

    static String keycloakUrl() {
        return Stack.serviceUrl("keycloak", 8180);
    }

    /** A new user with the realm role {@code user}, signed in. */
    public static User create() {
        return create("user");
    }

    /** A new user with these realm roles, signed in. */
    static User create(String... roles) {
        String username = "e2e-" + UUID.randomUUID();
        String password = UUID.randomUUID().toString();
        String admin = masterAdminToken();
        String location = given().baseUri(keycloakUrl()).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of(
                        "username", username,
                        "enabled", true,
                        // Keycloak's user profile wants these before it lets a password grant through.
                        "email", username + "@e2e.kiln.dev",
                        "emailVerified", true,
                        "firstName", "E2E",
                        "lastName", "Test",
                        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .when().post("/admin/realms/" + REALM + "/users")
                .then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (String role : roles) {
            Map<String, Object> representation = given().baseUri(keycloakUrl()).auth().oauth2(admin)
                    .when().get("/admin/realms/" + REALM + "/roles/" + role)
                    .then().statusCode(200).extract().as(Map.class);
            given().baseUri(keycloakUrl()).auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(List.of(representation))
                    .when().post("/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm")
                    .then().statusCode(204);
        }
        return new User(id, username, password, signIn(username, password));
    }

    /**
     * An access token of this user that has expired: issued by a client of its own whose tokens live one second
     * (the realm's clients issue 15-minute tokens), carrying the audience {@code kiln} as kiln-web's do. Returns once
     * its {@code exp} has passed.
     */
    static String expiredToken(User user) {
        String clientId = "e2e-short-lived-" + UUID.randomUUID();
        given().baseUri(keycloakUrl()).auth().oauth2(masterAdminToken()).contentType(ContentType.JSON)
                .body(Map.of(
                        "clientId", clientId,
                        "publicClient", true,
                        "directAccessGrantsEnabled", true,
                        "standardFlowEnabled", false,
                        "attributes", Map.of("access.token.lifespan", "1"),
                        "protocolMappers", List.of(Map.of(
                                "name", "audience kiln",
                                "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.custom.audience", "kiln",
                                        "access.token.claim", "true", "id.token.claim", "false")))))
                .when().post("/admin/realms/" + REALM + "/clients")
                .then().statusCode(201);
        String token = given().baseUri(keycloakUrl()).contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("username", user.username())
                .formParam("password", user.password())
                .when().post("/realms/" + REALM + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        long expires = Long.parseLong(claim(token, "exp"));
        // Waiting for a second to pass is what an expired token takes; nothing else is waited for.
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().getEpochSecond() > expires + 1);
        return token;
    }

    /** The token with its payload's subject replaced by another user's, its signature kept: a forgery. */
    static String forged(String accessToken, String otherUserId) {
        String[] parts = accessToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8);
        String forgedPayload = payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"" + otherUserId + "\"");
        if (forgedPayload.equals(payload)) {
            throw new IllegalStateException("no sub claim in the token");
        }
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** A claim of a JWT's payload, as text (its signature is not checked: the services do that). */
    static String claim(String accessToken, String name) {
        try {
            var payload = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
            return payload.path(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token of the seeded admin (realm roles user and admin). */
    public static String admin() {
        return signIn("admin", "admin");
    }

    /** A fresh access token by password grant on kiln-web. */
    static String signIn(String username, String password) {
        return given().baseUri(keycloakUrl()).contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", CLIENT)
                .formParam("username", username)
                .formParam("password", password)
                .formParam("scope", "openid")
                .when().post("/realms/" + REALM + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** The master realm's admin token; it lives a minute, so each use asks for a fresh one. */
    static String masterAdminToken() {
        return given().baseUri(keycloakUrl()).contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "admin-cli")
                .formParam("username", "admin")
                .formParam("password", "admin")
                .when().post("/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
