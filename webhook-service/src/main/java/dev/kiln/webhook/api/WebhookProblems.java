package dev.kiln.webhook.api;

import java.time.Duration;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.webhook.dispatches.DatabaseUnavailableException;
import dev.kiln.webhook.events.PublishFailedException;
import dev.kiln.webhook.translate.UntranslatableCallbackException;
import dev.kiln.webhook.verify.SecretUnavailableException;
import dev.kiln.webhook.verify.UnverifiedWebhookException;

/**
 * Maps this service's domain exceptions to problem details of {@link ProblemType}. Every "not now" is a 503 with
 * Retry-After, and so is anything unexpected: a provider retries a 5xx, and a retry may well succeed, whereas a 500
 * that it also retried would only say less.
 */
class WebhookProblems {

    private static final Logger LOG = Logger.getLogger(WebhookProblems.class);

    /** How soon a provider may retry a webhook that found nothing wrong with itself, only a dependency not ready. */
    static final Duration RETRY_SOON = Duration.ofSeconds(1);
    /** How soon a provider may retry when the secret, or the provider's own API, is what was missing. */
    static final Duration RETRY_LATER = Duration.ofSeconds(5);

    static ProblemException strayNotCanceled(String providerPredictionId) {
        return unavailable("Provider prediction " + providerPredictionId + " is a stray of a crashed dispatch and "
                + "could not be canceled yet; retry so that the cancel is tried again", RETRY_LATER);
    }

    static ProblemException inFlight(String webhookId) {
        return unavailable("Another delivery of webhook " + webhookId + " is being processed; retry shortly",
                RETRY_SOON);
    }

    static ProblemException unknownProvider(String provider) {
        return new ProblemException(ProblemType.NOT_FOUND,
                "No provider named '" + provider + "' is configured to send webhooks here");
    }

    private static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail).retryAfter(retryAfter);
    }

    // The domain's exceptions know nothing of HTTP: they become problems here.

    @ServerExceptionMapper
    Response unverified(UnverifiedWebhookException e) {
        return new ProblemException(ProblemType.INVALID_SIGNATURE, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response secretUnavailable(SecretUnavailableException e) {
        return unavailable(e.getMessage(), RETRY_LATER).toResponse();
    }

    @ServerExceptionMapper
    Response untranslatable(UntranslatableCallbackException e) {
        return new ProblemException(ProblemType.MALFORMED_BODY, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    Response publishFailed(PublishFailedException e) {
        LOG.warnf("Webhook answered 503: %s", e.getMessage());
        return unavailable(e.getMessage() + "; retry shortly", RETRY_SOON).toResponse();
    }

    @ServerExceptionMapper
    Response databaseUnavailable(DatabaseUnavailableException e) {
        LOG.warnf("Webhook answered 503: %s", e.getMessage());
        return unavailable("The dispatch records cannot be read now; retry shortly", RETRY_SOON).toResponse();
    }

    /** Overrides the problem module's 500 for anything unexpected (Redis down, say): 503, so the provider retries. */
    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        LOG.error("Webhook failed unexpectedly; answered 503 so that the provider retries", e);
        return unavailable("The webhook could not be processed now; retry shortly", RETRY_SOON).toResponse();
    }
}
