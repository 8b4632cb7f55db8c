package dev.kiln.webhook.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kiln.webhook.events.PublishFailedException;
import dev.kiln.webhook.translate.UntranslatableCallbackException;
import dev.kiln.webhook.verify.SecretUnavailableException;
import dev.kiln.webhook.verify.UnverifiedWebhookException;

/** Every failure leaves as application/problem+json; no stack trace or class name reaches the caller. */
class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return respond(e.problem(), e.retryAfterSeconds().orElse(null));
    }

    @ServerExceptionMapper
    Response unverified(UnverifiedWebhookException e) {
        return respond(Problem.of("invalid-webhook-signature", "Webhook not verified", 401, e.getMessage()), null);
    }

    @ServerExceptionMapper
    Response secretUnavailable(SecretUnavailableException e) {
        return respond(Problem.of("webhook-secret-unavailable", "Webhook secret unavailable", 503, e.getMessage()), 5);
    }

    @ServerExceptionMapper
    Response untranslatable(UntranslatableCallbackException e) {
        return respond(Problem.of("unreadable-webhook", "Webhook body not understood", 400, e.getMessage()), null);
    }

    @ServerExceptionMapper
    Response publishFailed(PublishFailedException e) {
        LOG.warnf("Webhook answered 503: %s", e.getMessage());
        return respond(Problem.of("event-bus-unavailable", "Event not durable", 503,
                e.getMessage() + "; retry shortly"), 1);
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        var reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        return respond(Problem.of("http-" + status, title, status, e.getMessage()), null);
    }

    @ServerExceptionMapper
    Response unexpected(Throwable e) {
        LOG.error("Webhook failed unexpectedly; answered 503 so that the provider retries", e);
        return respond(Problem.of("unavailable", "Temporarily unavailable", 503,
                "The webhook could not be processed now; retry shortly"), 1);
    }

    private static Response respond(Problem problem, Integer retryAfterSeconds) {
        var response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
