package dev.kiln.gateway.dispatch;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.prediction.PredictionError;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.mutiny.Uni;

/**
 * Calls the provider. 429, 5xx, timeouts and connection failures are tried again by a SmallRye Fault Tolerance
 * {@code @Retry} (its numbers in application.properties) after the provider's Retry-After or an exponential backoff
 * ({@link ProviderBackoff}); any other 4xx fails at once, since another try would get the same answer.
 */
@ApplicationScoped
public class ProviderClient {

    private static final Logger LOG = Logger.getLogger(ProviderClient.class);

    private final ProviderApi api;
    private final ProviderConfig config;
    private final ProviderCalls calls;

    ProviderClient(@RestClient ProviderApi api, ProviderConfig config, ProviderCalls calls) {
        this.api = api;
        this.config = config;
        this.calls = calls;
    }

    /** Creates a prediction of {@code model} ({@code owner/name} or {@code owner/name:version}). */
    public Uni<ProviderPrediction> create(String model, JsonNode input, String webhook) {
        int colon = model.indexOf(':');
        CreateRequest request = new CreateRequest(colon < 0 ? null : model.substring(colon + 1), input, webhook,
                config.webhookEventsFilter());
        if (colon >= 0) {
            return unlessExhausted(
                    attempt(() -> calls.timed(ProviderCalls.CREATE, () -> api.createForVersion(request))));
        }
        int slash = model.indexOf('/');
        return unlessExhausted(attempt(() -> calls.timed(ProviderCalls.CREATE,
                () -> api.createForModel(model.substring(0, slash), model.substring(slash + 1), request))));
    }

    public Uni<ProviderPrediction> cancel(String providerPredictionId) {
        return unlessExhausted(
                attempt(() -> calls.timed(ProviderCalls.CANCEL, () -> api.cancel(providerPredictionId))));
    }

    /**
     * One call; its {@code @Retry} calls it again while the failure is transient. A call on this bean's own method
     * still goes through the interceptor: Quarkus intercepts self-invocation.
     */
    @Retry(abortOn = ProviderFailedException.class)
    @CustomBackoff(ProviderBackoff.class)
    Uni<ProviderPrediction> attempt(Supplier<Uni<ProviderPrediction>> call) {
        return Uni.createFrom().<ProviderPrediction>deferred(call::get).onFailure().transform(failure -> {
            if (isTransient(failure)) {
                LOG.debugf("Provider call failed (%s); it may be tried again", describe(failure));
                return failure;
            }
            return new ProviderFailedException(new PredictionError(PredictionError.PROVIDER_REJECTED,
                    "The provider refused the job: " + describe(failure)), failure);
        });
    }

    /** After the last try, a transient failure is the provider being unavailable. */
    private static Uni<ProviderPrediction> unlessExhausted(Uni<ProviderPrediction> calls) {
        return calls.onFailure(failure -> !(failure instanceof ProviderFailedException))
                .transform(failure -> new ProviderFailedException(new PredictionError(
                        PredictionError.PROVIDER_UNAVAILABLE, "The provider kept failing: " + describe(failure)),
                        failure));
    }

    private static boolean isTransient(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status == 429 || status >= 500;
        }
        return true; // timeouts and connection failures
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
