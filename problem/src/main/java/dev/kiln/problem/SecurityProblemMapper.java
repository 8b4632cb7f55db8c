package dev.kiln.problem;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Quarkus Security's refusals as problems: without these, quarkus-oidc answers a missing, expired or forged token
 * with an empty 401 and a role check with an empty 403. The 401 keeps the {@code WWW-Authenticate: Bearer}
 * challenge (RFC 6750) that a client needs to know what to send. Quarkus REST has its own mappers for these
 * exceptions at the default priority, so these come first ({@link Priorities#AUTHENTICATION}); proactive
 * authentication must be off ({@code quarkus.http.auth.proactive=false}) for a bad token to reach them at all.
 */
public class SecurityProblemMapper {

    static final String BEARER_CHALLENGE = "Bearer";

    /** A token was sent but did not verify: unknown, expired, forged, or for another audience. */
    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated("The bearer token is not valid: it is expired, forged, revoked or not meant for Kiln. "
                + "Get a new one and send it in the Authorization header.");
    }

    /** No token on a route that needs one. */
    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated("This needs a bearer token in the Authorization header.");
    }

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response forbidden(ForbiddenException e) {
        return new ProblemException(ProblemType.FORBIDDEN,
                "Your token does not carry the role this needs.").toResponse();
    }

    private static Response unauthenticated(String detail) {
        return new ProblemException(ProblemType.UNAUTHENTICATED, detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).toResponse();
    }
}
