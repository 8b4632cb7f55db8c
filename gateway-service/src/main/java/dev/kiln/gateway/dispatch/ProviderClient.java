package dev.kiln.gateway.dispatch;

import java.net.ConnectException;
import java.time.Duration;
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
 * Calls the provider. A failure that another try may mend is tried again by a SmallRye Fault Tolerance {@code @Retry}
 * (its numbers in application.properties) after the provider's Retry-After or an exponential backoff
 * ({@link ProviderBackoff}); any other 4xx fails at once, since another try would get the same answer. A create is
 * tried again only when it surely made no job (429, 503, a connection never made): any other failure of a create is
 * ambiguous ({@link AmbiguousCreateException}), and repeating it blindly could leave a second job running.
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

    /**
     * Creates a prediction of {@code model} ({@code owner/name} or {@code owner/name:version}), which the provider
     * cancels by itself after {@code cancelAfter} (Replicate's Cancel-After).
     *
     * @throws AmbiguousCreateException (as the Uni's failure) when the job may or may not exist
     */
    public Uni<ProviderPrediction> create(String model, JsonNode input, String webhook, Duration cancelAfter) {
        int colon = model.indexOf(':');
        CreateRequest request = new CreateRequest(colon < 0 ? null : model.substring(colon + 1), input, webhook,
                config.webhookEventsFilter());
        // Whole seconds, at least one: the provider's clock starts at its create, ours started at submit.
        String deadline = cancelAfter == null ? null : Math.max(1, cancelAfter.toSeconds()) + "s";
        if (colon >= 0) {
            return unlessExhausted(attempt(() -> calls.timed(ProviderCalls.CREATE,
                    () -> api.createForVersion(deadline, request)), true));
        }
        int slash = model.indexOf('/');
        return unlessExhausted(attempt(() -> calls.timed(ProviderCalls.CREATE,
                () -> api.createForModel(model.substring(0, slash), model.substring(slash + 1), deadline, request)),
                true));
    }

    public Uni<ProviderPrediction> cancel(String providerPredictionId) {
        return unlessExhausted(
                attempt(() -> calls.timed(ProviderCalls.CANCEL, () -> api.cancel(providerPredictionId)), false));
    }

    /** A page of the provider's predictions, newest first. */
    public Uni<ProviderPage> list(String cursor) {
        return unlessExhausted(attempt(() -> calls.timed(ProviderCalls.LIST, () -> api.list(cursor)), false));
    }

    /**
     * The provider's whole prediction object, for an operator's look (the admin timeline): one call, never tried
     * again, so that the look takes no longer than the client's timeouts and the caller's own bound.
     */
    public Uni<JsonNode> look(String providerPredictionId) {
        return calls.timed(ProviderCalls.GET, () -> api.get(providerPredictionId));
    }

    /**
     * One call; its {@code @Retry} calls it again while the failure is transient. A call on this bean's own method
     * still goes through the interceptor: Quarkus intercepts self-invocation.
     */
    @Retry(abortOn = { ProviderFailedException.class, AmbiguousCreateException.class })
    @CustomBackoff(ProviderBackoff.class)
    <T> Uni<T> attempt(Supplier<Uni<T>> call, boolean createsJob) {
        return Uni.createFrom().<T>deferred(call::get).onFailure().transform(failure -> {
            if (!isTransient(failure)) {
                return new ProviderFailedException(new PredictionError(PredictionError.PROVIDER_REJECTED,
                        "The provider refused the job: " + describe(failure)), failure);
            }
            if (createsJob && !surelyNotCreated(failure)) {
                LOG.infof("A create's outcome is unknown (%s): looking for its job instead of creating another",
                        describe(failure));
                return new AmbiguousCreateException("The create's outcome is unknown: " + describe(failure), failure);
            }
            LOG.debugf("Provider call failed (%s); it may be tried again", describe(failure));
            return failure;
        });
    }

    /** After the last try, a transient failure is the provider being unavailable. */
    private static <T> Uni<T> unlessExhausted(Uni<T> calls) {
        return calls.onFailure(failure -> !(failure instanceof ProviderFailedException)
                && !(failure instanceof AmbiguousCreateException))
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

    /**
     * 429 and 503 say the request was not taken; a connection that was never made sent nothing. Anything else (a
     * timeout, a connection lost after sending, a 500, 502 or 504 from a proxy in front of the provider) may hide a
     * job that was made.
     */
    private static boolean surelyNotCreated(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status == 429 || status == 503;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
