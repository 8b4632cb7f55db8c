package dev.kiln.webhook.stray;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.metrics.ProviderCalls;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Cancels a stray provider prediction: one that a crash mid-dispatch left running at the provider while our
 * prediction was dispatched again as another. Nobody waits for its result and nobody is charged for it.
 */
@ApplicationScoped
public class StrayCanceller {

    private static final Logger LOG = Logger.getLogger(StrayCanceller.class);

    private final WebhookConfig config;
    private final ProviderCalls calls;
    private final Map<String, CancelClient> clients = new ConcurrentHashMap<>();

    StrayCanceller(WebhookConfig config, ProviderCalls calls) {
        this.config = config;
        this.calls = calls;
    }

    /**
     * Completes once the provider accepted the cancel (or no longer knows the prediction). Network trouble, timeouts,
     * 429 and 5xx are retried with backoff (the numbers are in application.properties); another 4xx (a bad token, say)
     * is not. A failure after the retries makes the webhook answer 503, so the provider's retry gives the cancel
     * another chance.
     */
    @Retry(abortOn = CancelRefusedException.class)
    @ExponentialBackoff
    public Uni<Void> cancel(String provider, String providerPredictionId) {
        WebhookConfig.Provider settings = config.providers().get(provider);
        return calls.timed(ProviderCalls.CANCEL, () -> client(provider, settings)
                        .cancel(providerPredictionId, "Bearer " + settings.apiToken())
                        .ifNoItem().after(settings.requestTimeout()).fail())
                .onFailure(failure -> status(failure) == 404).recoverWithNull()
                .onFailure(failure -> !worthRetrying(failure)).transform(CancelRefusedException::new)
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
