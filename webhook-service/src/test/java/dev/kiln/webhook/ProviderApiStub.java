package dev.kiln.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock standing in for the provider's API (never for our own infrastructure). Two providers are configured
 * against it: {@code replicate} with two configured secrets (as during a rotation), and {@code simulator} whose
 * secret is fetched from it.
 */
public class ProviderApiStub implements QuarkusTestResourceLifecycleManager {

    /** Where tests find the secret that the stub hands out for the {@code simulator} provider. */
    public static final String FETCHED_SECRET_PROPERTY = "kiln-test.simulator-secret";
    /** Where tests find the two secrets configured for {@code replicate}: the current one and the one rotated out. */
    public static final String SECRET_PROPERTY = "kiln-test.replicate-secret";
    public static final String PREVIOUS_SECRET_PROPERTY = "kiln-test.replicate-previous-secret";
    public static final String SIMULATOR_TOKEN = "simulator-token";
    /** Provider {@code rotating}: its secret is fetched, and SecretRotationTest rotates it. */
    public static final String ROTATING_TOKEN = "rotating-token";
    public static final String ROTATING_SECRET_PROPERTY = "kiln-test.rotating-secret";

    private static volatile WireMockServer server;

    /** The running stub, for tests that stand in for more of the provider's API (a prediction's GET, a rotation). */
    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        String fetchedSecret = Signing.newSecret();
        String secret = Signing.newSecret();
        String previousSecret = Signing.newSecret();
        server.stubFor(get("/v1/webhooks/default/secret")
                .withHeader("Authorization", equalTo("Bearer " + SIMULATOR_TOKEN))
                .willReturn(okJson("{\"key\":\"" + fetchedSecret + "\"}")));
        String rotatingSecret = Signing.newSecret();
        server.stubFor(get("/v1/webhooks/default/secret")
                .withHeader("Authorization", equalTo("Bearer " + ROTATING_TOKEN))
                .willReturn(okJson("{\"key\":\"" + rotatingSecret + "\"}")));
        server.stubFor(post(urlPathMatching("/v1/predictions/[^/]+/cancel"))
                .willReturn(okJson("{\"status\":\"canceled\"}")));
        return Map.ofEntries(
                Map.entry("kiln.webhook.providers.rotating.api-url", server.baseUrl()),
                Map.entry("kiln.webhook.providers.rotating.api-token", ROTATING_TOKEN),
                Map.entry(ROTATING_SECRET_PROPERTY, rotatingSecret),
                Map.entry("kiln.webhook.providers.replicate.api-url", server.baseUrl()),
                // A rotation under way: the new secret and the old one.
                Map.entry("kiln.webhook.providers.replicate.secrets", secret + "," + previousSecret),
                Map.entry(SECRET_PROPERTY, secret),
                Map.entry(PREVIOUS_SECRET_PROPERTY, previousSecret),
                Map.entry("kiln.webhook.providers.simulator.api-url", server.baseUrl()),
                Map.entry("kiln.webhook.providers.simulator.api-token", SIMULATOR_TOKEN),
                Map.entry(FETCHED_SECRET_PROPERTY, fetchedSecret));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
