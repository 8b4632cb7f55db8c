package dev.kiln.credits.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves as a problem detail; no stack trace or class name reaches a client. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response unknownAccount(UnknownAccountException e) {
        return Problem.of("unknown-account", "Unknown account", Response.Status.NOT_FOUND, e.getMessage()).response();
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return Problem.of("invalid-query", "Invalid query parameter", Response.Status.BAD_REQUEST, e.getMessage())
                .response();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), status.getReasonPhrase())
                .response();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("request failed", e);
        return Problem.of("internal", "Internal error", Response.Status.INTERNAL_SERVER_ERROR,
                "The request could not be completed; it is logged on the server.").response();
    }
}
