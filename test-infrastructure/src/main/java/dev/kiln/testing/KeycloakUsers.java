package dev.kiln.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Users of the real Keycloak (./stack's, realm kiln) for tests: each test makes its own, with the realm roles it
 * needs, through the admin REST API (master realm admin/admin, local only), and signs them in with the password
 * grant on the public client kiln-web, as the README's curl does. KILN_KEYCLOAK_URL overrides the address.
 */
public final class KeycloakUsers {

    public static final String URL = System.getenv().getOrDefault("KILN_KEYCLOAK_URL", "http://localhost:8180");
    public static final String REALM = "kiln";
    public static final String CLIENT = "kiln-web";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A signed-up user; {@link #id} is the {@code sub} of its tokens. */
    public record User(String id, String username, String password) {

        /** A fresh access token (15 minutes), for {@code Authorization: Bearer}. */
        public String accessToken() {
            return token(username, password);
        }
    }

    private KeycloakUsers() {
    }

    /** A new user with these realm roles ({@code user}, {@code admin}). */
    public static User create(String... realmRoles) {
        String username = "test-" + UUID.randomUUID();
        String password = UUID.randomUUID().toString();
        String admin = adminToken();
        var user = Map.of("username", username, "enabled", true, "email", username + "@kiln.test",
                "emailVerified", true, "firstName", "Test", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(URL + "/admin/realms/" + REALM + "/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(user))), 201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        List<JsonNode> roles = new ArrayList<>();
        for (String role : realmRoles) {
            roles.add(read(send(HttpRequest.newBuilder(URI.create(URL + "/admin/realms/" + REALM + "/roles/" + role))
                    .header("Authorization", "Bearer " + admin).GET(), 200).body()));
        }
        if (!roles.isEmpty()) {
            send(HttpRequest.newBuilder(URI.create(URL + "/admin/realms/" + REALM + "/users/" + id
                    + "/role-mappings/realm")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(write(roles))), 204);
        }
        return new User(id, username, password);
    }

    /** An access token by the password grant on kiln-web. */
    public static String token(String username, String password) {
        return read(send(form(URL + "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", CLIENT, "username", username, "password", password)),
                200).body()).path("access_token").asText();
    }

    private static String adminToken() {
        return read(send(form(URL + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")),
                200).body()).path("access_token").asText();
    }

    private static HttpRequest.Builder form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("Keycloak at " + URL + " answered " + response.statusCode() + " to "
                        + response.request().uri() + ": " + response.body()
                        + " (is ./stack infra running? These tests need its Keycloak.)");
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak does not answer at " + URL + ": start it with ./stack infra", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak answered something that is not JSON: " + body, e);
        }
    }
}
