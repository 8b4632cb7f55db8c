package dev.kiln.problem;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Turns every failure of a request into a problem detail of {@link ProblemType}: no stack trace, class name or SQL
 * ever reaches a client. A service maps its own domain exceptions with its own {@code @ServerExceptionMapper}s;
 * these run at a lower priority, so that a service's mapper for the same exception wins.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final int FALLBACK = Priorities.USER + 1000;

    @ServerExceptionMapper(priority = FALLBACK)
    public Response problem(ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper(priority = FALLBACK)
    public Response malformedJson(JsonProcessingException e) {
        return new ProblemException(ProblemType.MALFORMED_BODY,
                "The body is not valid JSON: " + e.getOriginalMessage()).toResponse();
    }

    /** What the framework raises itself: unknown path, wrong method or media type, a body it cannot read. */
    @ServerExceptionMapper(priority = FALLBACK)
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        var type = ProblemType.ofFrameworkStatus(status);
        if (type.isEmpty()) {
            LOG.warnf("HTTP %d without a problem type: %s", status, e.getMessage());
            return new ProblemException(status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_PARAMETER,
                    "The request failed with HTTP " + status + ".").toResponse();
        }
        return new ProblemException(type.get(), detail(type.get())).toResponse();
    }

    @ServerExceptionMapper(priority = FALLBACK)
    public Response unexpected(Throwable e) {
        LOG.error("Request failed unexpectedly", e);
        return new ProblemException(ProblemType.INTERNAL_ERROR,
                "Something went wrong on our side; it has been logged.").toResponse();
    }

    private static String detail(ProblemType type) {
        return switch (type) {
            case MALFORMED_BODY -> "The body could not be read; send it as valid JSON.";
            case UNAUTHENTICATED -> "Send a valid bearer token in the Authorization header.";
            case FORBIDDEN -> "You may not do this with the identity your token carries.";
            case NOT_FOUND -> "There is nothing at this path.";
            case METHOD_NOT_ALLOWED -> "This path does not take that method.";
            case NOT_ACCEPTABLE -> "This path answers with application/json only.";
            case BODY_TOO_LARGE -> "The body is larger than this endpoint accepts.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case RATE_LIMITED -> "Too many requests; wait before trying again.";
            case SERVICE_UNAVAILABLE -> "The service cannot answer now; try again shortly.";
            default -> type.title() + ".";
        };
    }
}
