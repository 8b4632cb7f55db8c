package dev.kiln.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * No secret, token or signature is ever logged (docs/observability.md): a user's bearer token and an API token are
 * used on every service that takes them, for predictions that run through the provider's signed webhooks, and a
 * webhook is delivered with a good and with a forged signature; then every Kiln service's log under .stack/logs is
 * read for each of them, and for the webhook signing secret and the provider's API token.
 */
class SecretsNotLoggedTest {

    private static final List<String> SERVICES = List.of("gateway-service", "webhook-service", "credits-service",
            "storage-service", "provider-simulator");

    @BeforeEach
    void fastSimulator() {
        Simulator.reset();
        Simulator.faults(Simulator.FAST);
    }

    @AfterEach
    void resetSimulator() {
        Simulator.reset();
    }

    /** .stack/logs of the repository (the tests run in e2e-tests/), or KILN_STACK_LOGS. */
    private static Path logs() {
        Path dir = Optional.ofNullable(System.getenv("KILN_STACK_LOGS")).filter(value -> !value.isBlank())
                .map(Path::of).orElse(Path.of("..", ".stack", "logs"));
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath() + " holds the running stack's logs");
        return dir;
    }

    @Test
    void noTokenSignatureOrSecretReachesAnyServicesLog() throws Exception {
        Users.User user = Users.create();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("the user's access token", user.accessToken());
        // A JWT's signature alone, in case a log cut the token short.
        secrets.put("the access token's signature", user.accessToken().substring(user.accessToken().lastIndexOf('.') + 1));

        JsonPath created = user.to(Gateway.url()).contentType(ContentType.JSON).body(Map.of("name", "log check"))
                .when().post("/v1/account/tokens").then().statusCode(201).extract().jsonPath();
        String apiToken = created.getString("token");
        secrets.put("the API token", apiToken);
        Caller withApiToken = baseUri -> RestAssured.given().baseUri(baseUri)
                .header("Authorization", "Bearer " + apiToken);

        // Both tokens on every service that takes them: submit, read, the credits of the caller.
        String byUser = Gateway.submit(user, "logged with a user's token");
        String byApiToken = Gateway.submit(withApiToken, "logged with an API token");
        Gateway.get(withApiToken, byApiToken);
        Credits.balance(user);
        Credits.balance(withApiToken);
        // A token that is not valid is refused, and not logged either.
        String forgedToken = Users.forged(user.accessToken(), "someone-else");
        secrets.put("a forged token", forgedToken);
        assertEquals(401, Gateway.send(baseUri -> RestAssured.given().baseUri(baseUri)
                .header("Authorization", "Bearer " + forgedToken), "speed", "forged").statusCode());

        // The provider's own signed webhooks drive both predictions to their end.
        assertEquals("succeeded", Gateway.awaitTerminal(user, byUser, Duration.ofSeconds(30)).getString("status"));
        assertEquals("succeeded", Gateway.awaitTerminal(withApiToken, byApiToken, Duration.ofSeconds(30))
                .getString("status"));

        // A webhook of ours, signed with the real secret, and one with a forged signature.
        String secret = Simulator.webhookSecret();
        secrets.put("the webhook signing secret", secret);
        secrets.put("the webhook signing key", secret.substring("whsec_".length()));
        secrets.put("the provider's API token", Stack.providerApiToken());
        String body = Webhooks.prediction("stranger" + System.nanoTime(), "succeeded", "log-check");
        secrets.put("a good webhook signature", deliver(secret, body).signature());
        Delivered forged = deliver(Webhooks.strangersSecret(), body);
        assertEquals(401, forged.status());
        secrets.put("a forged webhook signature", forged.signature());

        List<String> found = new ArrayList<>();
        for (String service : SERVICES) {
            Path log = logs().resolve(service + ".log");
            assertTrue(Files.isRegularFile(log), log + " exists");
            String text = read(log);
            secrets.forEach((what, value) -> {
                if (text.contains(value)) {
                    found.add(what + " in " + log);
                }
            });
        }
        assertEquals(List.of(), found);
    }

    private record Delivered(int status, String signature) {
    }

    /** Delivers a webhook signed as Standard Webhooks says, with this secret; the answer's status and the signature. */
    private static Delivered deliver(String secret, String body) throws Exception {
        String id = "msg_e2e_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        int status = RestAssured.given().baseUri(Webhooks.url()).contentType(ContentType.JSON)
                .header("webhook-id", id).header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/webhooks/replicate").statusCode();
        return new Delivered(status, signature);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
