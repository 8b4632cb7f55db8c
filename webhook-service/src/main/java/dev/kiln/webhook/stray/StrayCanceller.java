package dev.kiln.webhook.stray;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import dev.kiln.webhook.WebhookConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * Cancels a stray provider prediction: one that a crash mid-dispatch left running at the provider while our
 * prediction was dispatched again as another. Nobody waits for its result and nobody is charged for it.
 */
@ApplicationScoped
public class StrayCanceller {

    private static final Logger LOG = Logger.getLogger(StrayCanceller.class);

    private final WebhookConfig config;
    private final Map<String, CancelClient> clients = new ConcurrentHashMap<>();

    StrayCanceller(WebhookConfig config) {
        this.config = config;
    }

    /**
     * Completes once the provider accepted the cancel (or no longer knows the prediction); fails after the configured
     * tries, so that the webhook is answered 503 and the provider's retry gives the cancel another chance.
     */
    public Uni<Void> cancel(String provider, String providerPredictionId) {
        WebhookConfig.Provider settings = config.providers().get(provider);
        Uni<Void> once = Uni.createFrom()
                .deferred(() -> client(provider, settings).cancel(providerPredictionId, "Bearer " + settings.apiToken()))
                .ifNoItem().after(settings.requestTimeout()).fail();
        Uni<Void> tried = settings.cancelAttempts() <= 1 ? once
                : once.onFailure(StrayCanceller::worthRetrying)
                        .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .atMost(settings.cancelAttempts() - 1L);
        return tried
                .onFailure(failure -> status(failure) == 404).recoverWithNull()
                .invoke(() -> LOG.infof("Canceled stray prediction %s at provider %s", providerPredictionId, provider))
                .onFailure().invoke(failure -> LOG.warnf("Stray prediction %s at provider %s not canceled: %s",
                        providerPredictionId, provider, failure.toString()));
    }

    private CancelClient client(String provider, WebhookConfig.Provider settings) {
        return clients.computeIfAbsent(provider, name -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CancelClient.class));
    }

    /** Network trouble, timeouts, 429 and 5xx may pass; another 4xx (a bad token, say) will not. */
    private static boolean worthRetrying(Throwable failure) {
        int status = status(failure);
        return status < 0 || status == 429 || status >= 500;
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus() : -1;
    }
}
