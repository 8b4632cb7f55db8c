import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The bench's own user in Keycloak's realm kiln (kiln-bench, realm role user), created through the admin API when
 * missing, and a fresh access token of it on stdout (kiln-web's password grant, as the e2e tests sign in). A user of
 * its own, so that the bench's thousands of submissions fill no real user's limits and sweep no real user's work.
 *
 * <pre>java BenchUser.java KEYCLOAK_URL [sub]</pre> ({@code sub}: the user's id, the token's subject, instead)
 */
public class BenchUser {

    static final String USERNAME = "kiln-bench";
    static final String PASSWORD = "kiln-bench";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String keycloak = args[0];
        String signIn = form(keycloak + "/realms/kiln/protocol/openid-connect/token",
                "grant_type=password&client_id=kiln-web&scope=openid&username=" + USERNAME + "&password=" + PASSWORD);
        if (signIn == null) {
            create(keycloak);
            signIn = form(keycloak + "/realms/kiln/protocol/openid-connect/token",
                    "grant_type=password&client_id=kiln-web&scope=openid&username=" + USERNAME + "&password=" + PASSWORD);
        }
        if (signIn == null) {
            throw new IllegalStateException("Keycloak refused the password grant of " + USERNAME + " after creating it");
        }
        String token = field(signIn, "access_token");
        System.out.println(args.length > 1 && args[1].equals("sub")
                ? field(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8), "sub")
                : token);
    }

    private static void create(String keycloak) throws Exception {
        String admin = field(form(keycloak + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=admin&password=admin"), "access_token");
        String user = "{\"username\":\"" + USERNAME + "\",\"enabled\":true,\"email\":\"" + USERNAME + "@bench.kiln.dev\","
                + "\"emailVerified\":true,\"firstName\":\"Kiln\",\"lastName\":\"Bench\",\"credentials\":[{\"type\":\"password\","
                + "\"value\":\"" + PASSWORD + "\",\"temporary\":false}]}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/kiln/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + USERNAME + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String role = send(HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/kiln/roles/user"))
                .header("Authorization", "Bearer " + admin).build()).body();
        HttpResponse<String> mapped = send(HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role + "]")).build());
        if (mapped.statusCode() != 204) {
            throw new IllegalStateException("giving " + USERNAME + " the role user: " + mapped.statusCode() + " " + mapped.body());
        }
    }

    /** The body of a 200 answer to this form, or null for any other answer. */
    private static String form(String url, String body) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        return answer.statusCode() == 200 ? answer.body() : null;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        var match = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!match.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return match.group(1);
    }
}
