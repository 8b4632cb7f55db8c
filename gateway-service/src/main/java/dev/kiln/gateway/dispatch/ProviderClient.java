package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.prediction.PredictionError;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

/**
 * Calls the provider with bounded retries: 429, 5xx, timeouts and connection failures are tried again after a
 * backoff (the provider's Retry-After when it gives one, capped), any other 4xx fails at once.
 */
@ApplicationScoped
public class ProviderClient {

    private static final Logger LOG = Logger.getLogger(ProviderClient.class);

    private final ProviderApi api;
    private final ProviderConfig config;

    ProviderClient(@RestClient ProviderApi api, ProviderConfig config) {
        this.api = api;
        this.config = config;
    }

    /** Creates a prediction of {@code model} ({@code owner/name} or {@code owner/name:version}). */
    public Uni<ProviderPrediction> create(String model, JsonNode input, String webhook) {
        int colon = model.indexOf(':');
        CreateRequest request = new CreateRequest(colon < 0 ? null : model.substring(colon + 1), input, webhook,
                config.webhookEventsFilter());
        if (colon >= 0) {
            return withRetries(() -> api.createForVersion(request), 1);
        }
        int slash = model.indexOf('/');
        return withRetries(() -> api.createForModel(model.substring(0, slash), model.substring(slash + 1), request),
                1);
    }

    public Uni<ProviderPrediction> cancel(String providerPredictionId) {
        return withRetries(() -> api.cancel(providerPredictionId), 1);
    }

    private Uni<ProviderPrediction> withRetries(java.util.function.Supplier<Uni<ProviderPrediction>> call,
            int attempt) {
        return Uni.createFrom().<ProviderPrediction>deferred(call::get).onFailure().recoverWithUni(failure -> {
            if (!isRetryable(failure)) {
                return Uni.createFrom().failure(new ProviderFailedException(new PredictionError(
                        PredictionError.PROVIDER_REJECTED, "The provider refused the job: " + describe(failure)),
                        failure));
            }
            if (attempt >= config.create().maxAttempts()) {
                return Uni.createFrom().failure(new ProviderFailedException(new PredictionError(
                        PredictionError.PROVIDER_UNAVAILABLE, "The provider kept failing after " + attempt
                                + " tries: " + describe(failure)),
                        failure));
            }
            Duration delay = delayBefore(attempt + 1, failure);
            LOG.debugf("Provider call failed (%s); try %d in %d ms", describe(failure), attempt + 1,
                    delay.toMillis());
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                    .chain(() -> withRetries(call, attempt + 1));
        });
    }

    private static boolean isRetryable(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status == 429 || status >= 500;
        }
        return true; // timeouts and connection failures
    }

    /** Exponential backoff with jitter, or the provider's Retry-After; never more than the configured maximum. */
    Duration delayBefore(int attempt, Throwable failure) {
        Duration max = config.create().maxBackoff();
        Duration retryAfter = failure instanceof WebApplicationException web
                ? retryAfter(web.getResponse().getHeaderString("Retry-After"))
                : null;
        if (retryAfter != null) {
            return retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        long base = config.create().initialBackoff().toMillis() << Math.min(attempt - 2, 10);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(Math.min(jittered, max.toMillis()));
    }

    /** Retry-After as seconds or as an HTTP date. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
