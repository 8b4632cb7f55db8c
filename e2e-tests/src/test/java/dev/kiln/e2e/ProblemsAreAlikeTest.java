package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every service answers the same bad request with the same problem (docs/errors.md): the same status, the same
 * {@code type} under https://kiln.dev/problems/, served as application/problem+json with type, title, status and
 * detail, and nothing of the code's insides (no stack trace, no class name). Every service's OpenAPI document
 * declares that Problem schema.
 */
class ProblemsAreAlikeTest {

    private static final String TYPES = "https://kiln.dev/problems/";

    /** A stack frame, an exception's name or a fully qualified class name: what a problem must never carry. */
    private static final Pattern INSIDES = Pattern.compile(
            "\\bat [\\w$.]+\\(|Exception\\b|\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*");

    /** Not JSON: a value is missing after the colon. */
    private static final String MALFORMED_JSON = "{\"task\": }";

    /** The bad requests, and the one answer that each must get from every service. */
    enum BadRequest {
        UNKNOWN_PATH(404, "not-found"),
        WRONG_METHOD(405, "method-not-allowed"),
        WRONG_MEDIA_TYPE(415, "unsupported-media-type"),
        MALFORMED_JSON(400, "malformed-body");

        final int status;
        final String type;

        BadRequest(int status, String type) {
            this.status = status;
            this.type = TYPES + type;
        }
    }

    /**
     * Where each service can be asked: a path it serves, a method that path does not take, and the endpoint that
     * reads a JSON body ({@code null} where the service has none, with the reason in {@code noBody}).
     */
    enum Service {
        GATEWAY("gateway-service", 8080, "/v1/tasks", "DELETE", "/v1/predictions", null),
        WEBHOOK("webhook-service", 8081, "/v1/webhooks/replicate", "GET", "/v1/webhooks/replicate", null),
        CREDITS("credits-service", 8082, "/v1/credits/balance", "DELETE", "/v1/admin/credits/grants", null),
        STORAGE("storage-service", 8083, null, null, null,
                "storage-service serves no REST resource of its own (only Quarkus' /q endpoints), so it has no path "
                        + "to call with a wrong method and no body to send"),
        SIMULATOR("provider-simulator", 8090, "/v1/webhooks/default/secret", "DELETE", "/v1/predictions", null);

        final String name;
        final int port;
        final String existingPath;
        final String methodItLacks;
        final String bodyPath;
        final String noBody;

        Service(String name, int port, String existingPath, String methodItLacks, String bodyPath, String noBody) {
            this.name = name;
            this.port = port;
            this.existingPath = existingPath;
            this.methodItLacks = methodItLacks;
            this.bodyPath = bodyPath;
            this.noBody = noBody;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyServiceAndBadRequest() {
        return Arrays.stream(Service.values())
                .flatMap(service -> Arrays.stream(BadRequest.values()).map(bad -> Arguments.of(service, bad)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyServiceAndBadRequest")
    void answersTheSameProblemAsEveryOtherService(Service service, BadRequest bad) {
        Response answer = send(service, bad);

        assertEquals(bad.status, answer.statusCode(), () -> service + " " + bad + ": " + answer.asString());
        assertTrue(answer.contentType().startsWith("application/problem+json"),
                () -> service + " " + bad + " answers " + answer.contentType() + ": " + answer.asString());
        JsonPath problem = answer.jsonPath();
        assertEquals(bad.type, problem.getString("type"), answer::asString);
        assertEquals(bad.status, problem.getInt("status"), answer::asString);
        assertFalse(problem.getString("title") == null || problem.getString("title").isBlank(), answer::asString);
        assertFalse(problem.getString("detail") == null || problem.getString("detail").isBlank(), answer::asString);
        assertFalse(INSIDES.matcher(answer.asString()).find(),
                () -> service + " " + bad + " shows the code's insides: " + answer.asString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void declaresTheProblemSchemaInItsApiDescription(Service service) {
        given().baseUri(baseUri(service)).accept("application/json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas.Problem.required", equalTo(List.of("type", "title", "status", "detail")))
                .body("components.schemas.Problem.properties.type.enum",
                        hasItems(Arrays.stream(BadRequest.values()).map(bad -> bad.type).toArray(String[]::new)));
    }

    private static Response send(Service service, BadRequest bad) {
        return switch (bad) {
            case UNKNOWN_PATH -> request(service).when().get("/v1/no-such-path-" + UUID.randomUUID());
            case WRONG_METHOD -> {
                Assumptions.assumeTrue(service.existingPath != null, service.noBody);
                yield request(service).when().request(service.methodItLacks, service.existingPath);
            }
            case WRONG_MEDIA_TYPE -> {
                Assumptions.assumeTrue(service.bodyPath != null, service.noBody);
                yield signedIfWebhook(service, request(service), "task=jersey")
                        .contentType("text/plain").body("task=jersey")
                        .when().post(service.bodyPath);
            }
            case MALFORMED_JSON -> {
                Assumptions.assumeTrue(service.bodyPath != null, service.noBody);
                yield signedIfWebhook(service, request(service), MALFORMED_JSON)
                        .contentType("application/json").body(MALFORMED_JSON)
                        .when().post(service.bodyPath);
            }
        };
    }

    /**
     * Each service as a caller who may use it, so that what is refused is the bad request itself: the simulator with
     * the provider's token, credits-service as the seeded admin (its body-taking endpoint is the admin's grants).
     */
    private static RequestSpecification request(Service service) {
        RequestSpecification request = given().baseUri(baseUri(service)).accept("application/json");
        return switch (service) {
            case SIMULATOR -> request.header("Authorization", "Bearer " + Stack.providerApiToken());
            case CREDITS -> request.header("Authorization", "Bearer " + Users.admin())
                    .header("Idempotency-Key", UUID.randomUUID().toString());
            default -> request;
        };
    }

    /**
     * webhook-service checks the Standard Webhooks signature before it reads a body (nothing unsigned is trusted),
     * so its bad bodies are signed with the secret it took from the simulator at start (as ./stack runs it): what is
     * left to refuse is the body itself.
     */
    private static RequestSpecification signedIfWebhook(Service service, RequestSpecification request, String body) {
        if (service != Service.WEBHOOK) {
            return request;
        }
        String id = "msg_e2e_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return request.header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(webhookSecret(), id + "." + timestamp + "." + body));
    }

    private static String webhookSecret() {
        return Simulator.webhookSecret();
    }

    private static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String baseUri(Service service) {
        return Stack.serviceUrl(service.name, service.port);
    }
}
