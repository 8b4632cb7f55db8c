package dev.kiln.credits;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/**
 * Users of the real Keycloak of ./stack (realm kiln), made by each test through Keycloak's admin API so that tests
 * never share a user, and their access tokens, got as a person gets them: password grant on the client kiln-web.
 * The issuer is the one this service is configured with.
 */
public final class Keycloak {

    public static final String CLIENT = "kiln-web";

    private static final String MASTER_ADMIN = "admin";

    private Keycloak() {
    }

    /** A user of Kiln: the id the tokens carry as subject, and a fresh access token. */
    public record TestUser(String id, String username, String token) {

        public String bearer() {
            return "Bearer " + token;
        }
    }

    /** The realm's issuer URL, as configured for this service (quarkus.oidc.auth-server-url). */
    public static String issuer() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    /** A new user with the realm role {@code user}. */
    public static TestUser newUser() {
        return newUser("user");
    }

    /** A new user with the realm role {@code admin} (and {@code user}). */
    public static TestUser newAdmin() {
        return newUser("user", "admin");
    }

    /** A new user with these realm roles (none: a valid token that no route accepts). */
    public static TestUser newUser(String... roles) {
        String username = "credits-test-" + UUID.randomUUID();
        String admin = adminToken();
        String location = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "enabled", true, "email", username + "@kiln.test",
                        "emailVerified", true, "firstName", "Credits", "lastName", "Test",
                        "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))))
                .post(adminUrl("/users"))
                .then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (String role : roles) {
            Map<?, ?> representation = given().auth().oauth2(admin).get(adminUrl("/roles/" + role))
                    .then().statusCode(200).extract().as(Map.class);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(List.of(representation))
                    .post(adminUrl("/users/" + id + "/role-mappings/realm"))
                    .then().statusCode(204);
        }
        return new TestUser(id, username, token(CLIENT, username));
    }

    /** An access token of the user, by password grant on the client (the user's password is its name). */
    public static String token(String client, String username) {
        return given().formParams(Map.of("grant_type", "password", "client_id", client, "username", username,
                        "password", username))
                .post(issuer() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /**
     * A public client of the realm with direct access grants, the audience kiln, and access tokens that live five
     * seconds: what it takes to hold an expired token of the real issuer. Made once, kept for later runs.
     */
    public static void ensureShortLivedClient(String clientId) {
        String admin = adminToken();
        List<?> existing = given().auth().oauth2(admin).queryParam("clientId", clientId).get(adminUrl("/clients"))
                .then().statusCode(200).extract().as(List.class);
        if (!existing.isEmpty()) {
            return;
        }
        int status = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "publicClient", true, "directAccessGrantsEnabled", true,
                        "standardFlowEnabled", false, "attributes", Map.of("access.token.lifespan", "5"),
                        "protocolMappers", List.of(Map.of("name", "audience kiln", "protocol", "openid-connect",
                                "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.custom.audience", "kiln", "access.token.claim", "true",
                                        "id.token.claim", "false")))))
                .post(adminUrl("/clients")).statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("Keycloak did not create the client " + clientId + ": HTTP " + status);
        }
    }

    private static String adminToken() {
        return given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username",
                        MASTER_ADMIN, "password", MASTER_ADMIN))
                .post(server() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String adminUrl(String path) {
        return server() + "/admin/realms/" + realm() + path;
    }

    private static String server() {
        URI issuer = URI.create(issuer());
        return issuer.getScheme() + "://" + issuer.getAuthority();
    }

    private static String realm() {
        String issuer = issuer();
        return issuer.substring(issuer.lastIndexOf('/') + 1);
    }
}
