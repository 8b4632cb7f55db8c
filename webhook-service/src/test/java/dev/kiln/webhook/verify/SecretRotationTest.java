package dev.kiln.webhook.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.hamcrest.MatcherAssert.assertThat;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.webhook.Dispatches;
import dev.kiln.webhook.Ids;
import dev.kiln.webhook.ProviderApiStub;
import dev.kiln.webhook.Signing;
import dev.kiln.webhook.api.Delivery;
import dev.kiln.webhook.api.ReplicateBodies;
import dev.kiln.webhook.dispatches.DispatchStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hole 10 of issue 8: the provider rotates its signing secret. Its webhooks, signed with the new secret, must not all
 * be refused with a 401 that it never retries; webhooks signed with the old one (sent before the switch, or retried)
 * still pass; and forged webhooks do not make us hammer the provider's secret endpoint.
 */
@QuarkusTest
class SecretRotationTest {

    private static final String PROVIDER = "rotating";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = ProviderApiStub.ROTATING_SECRET_PROPERTY)
    String firstSecret;

    @Inject
    DispatchStore store;

    @Inject
    MeterRegistry registry;

    @Test
    void acceptsWebhooksSignedWithTheRotatedSecretAndTheOldOneWhileFetchingTheSecretAtMostOncePerInterval() {
        String providerPredictionId = Ids.newId();
        try (var kafka = new KafkaProbe(bootstrapServers)) {
            Dispatches.recorded(kafka, store, Ids.newId(), PROVIDER, providerPredictionId, 1);
        }
        String body = ReplicateBodies.prediction(providerPredictionId, "processing").toString();
        Delivery.of(body).to(PROVIDER).signedWith(firstSecret).post().statusCode(200);

        String rotated = Signing.newSecret();
        StubMapping rotation = ProviderApiStub.server().stubFor(get("/v1/webhooks/default/secret")
                .withHeader("Authorization", equalTo("Bearer " + ProviderApiStub.ROTATING_TOKEN))
                .willReturn(okJson("{\"key\":\"" + rotated + "\"}")));
        try {
            long secretCallsBefore = secretCalls();
            Delivery.of(body).to(PROVIDER).signedWith(rotated).post()
                    .statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("published"));
            // kiln_provider_call_duration_seconds counts the refetch that found the rotated secret.
            assertThat(secretCalls(), org.hamcrest.Matchers.equalTo(secretCallsBefore + 1));
            // During the switch the old secret still verifies (a retry of a webhook signed before the rotation).
            Delivery.of(body).to(PROVIDER).signedWith(firstSecret).post()
                    .statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("published"));
            int fetches = secretFetches();

            // A forged webhook right after: refused, and the secret is not fetched again within the interval (30 s).
            Delivery.of(body).to(PROVIDER).signedWith(Signing.newSecret()).post()
                    .statusCode(401).body("type", org.hamcrest.Matchers.equalTo(
                            "https://kiln.dev/problems/invalid-signature"));
            assertThat(secretFetches(), org.hamcrest.Matchers.equalTo(fetches));
        } finally {
            ProviderApiStub.server().removeStub(rotation);
        }
    }

    private long secretCalls() {
        var timer = registry.find("kiln.provider.call.duration").tag("operation", "secret").tag("outcome", "ok").timer();
        return timer == null ? 0 : timer.count();
    }

    private static int secretFetches() {
        return ProviderApiStub.server().findAll(getRequestedFor(urlEqualTo("/v1/webhooks/default/secret"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderApiStub.ROTATING_TOKEN))).size();
    }
}
