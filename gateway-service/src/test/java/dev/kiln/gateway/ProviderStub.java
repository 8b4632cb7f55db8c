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
        return Map.of(
                "quarkus.rest-client.provider.url", server.baseUrl(),
                "quarkus.fault-tolerance.\"dev.kiln.gateway.dispatch.ProviderClient/attempt\".retry.delay", "50",
                "kiln.provider.max-backoff", "2s");
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
