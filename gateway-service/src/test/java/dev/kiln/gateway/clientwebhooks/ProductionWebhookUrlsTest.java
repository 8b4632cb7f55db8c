package dev.kiln.gateway.clientwebhooks;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.AsShipped;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Outside the local profile a webhook must be https and reach a public address: loopback, private, link-local,
 * CGNAT and the like are refused at submit, whether written as an address or as a name that resolves to one.
 */
@QuarkusTest
@TestProfile(AsShipped.class)
class ProductionWebhookUrlsTest {

    @Test
    void refusesAWebhookToTheLoopbackOverHttp() {
        String token = KeycloakUsers.create("user").accessToken();
        ClientWebhooksTest.submit(token, "http://127.0.0.1:8099/hook", null).statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", equalTo(List.of("webhook", "webhook")))
                .body("errors[0].message", containsString("must be https"))
                .body("errors[1].message", containsString("a loopback address"));
    }

    @Test
    void refusesEveryAddressThatIsNotPublicAndANameThatResolvesToOne() {
        String token = KeycloakUsers.create("user").accessToken();
        Map<String, String> refused = Map.of(
                "https://127.0.0.1/hook", "loopback",
                "https://[::1]/hook", "loopback",
                "https://10.1.2.3/hook", "private",
                "https://192.168.0.10/hook", "private",
                "https://169.254.169.254/latest/meta-data", "link-local",
                "https://100.64.0.1/hook", "carrier-grade NAT",
                "https://[fd00::1]/hook", "unique-local",
                "https://0.0.0.0/hook", "unspecified",
                "https://localhost/hook", "loopback");
        refused.forEach((url, kind) -> ClientWebhooksTest.submit(token, url, null).statusCode(422)
                .body("errors.field", equalTo(List.of("webhook")))
                .body("errors[0].message", containsString("a " + kind + " address")));
    }

    @Test
    void acceptsAPublicHttpsWebhook() {
        String token = KeycloakUsers.create("user").accessToken();
        ClientWebhooksTest.submit(token, "https://93.184.215.14/hooks/kiln", null).statusCode(202);
    }
}
