package dev.kiln.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** WireMock stands in for the provider's API (an external system, never our own infrastructure). */
public class ProviderStub implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        // The provider's list, empty unless a test says otherwise: where an ambiguous create's job is looked for.
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/predictions")).atPriority(100)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"next\":null,\"previous\":null,\"results\":[]}")));
        return Map.of(
                "quarkus.rest-client.provider.url", server.baseUrl(),
                "quarkus.fault-tolerance.\"dev.kiln.gateway.dispatch.ProviderClient/attempt\".retry.delay", "50",
                "kiln.provider.max-backoff", "2s",
                // A create that takes longer than this is ambiguous (issue 8, hole 2): tests make one in seconds.
                "quarkus.rest-client.provider.read-timeout", "5000",
                // A provider cancel that failed is sent again within a second or so.
                "kiln.provider.cancels.every", "1s",
                "kiln.provider.cancels.first-backoff", "200ms",
                "kiln.provider.cancels.max-backoff", "1s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectProvider.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
