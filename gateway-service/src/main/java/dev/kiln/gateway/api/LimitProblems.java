package dev.kiln.gateway.api;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kiln.gateway.limits.Admission;
import dev.kiln.gateway.limits.Limit;
import dev.kiln.gateway.limits.LimitExceededException;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import jakarta.ws.rs.core.Response;

/**
 * A refused submission as a 429 (docs/errors.md): quota-exhausted for an anonymous caller's free quota,
 * rate-limited for the rate and the in-flight cap, each with Retry-After and the RateLimit fields of the limit that
 * refused.
 */
public class LimitProblems {

    @ServerExceptionMapper
    public Response limitExceeded(LimitExceededException e) {
        Admission refusal = e.refusal();
        ProblemType type = refusal.limit().kind() == Limit.Kind.ANONYMOUS_QUOTA
                ? ProblemType.QUOTA_EXHAUSTED
                : ProblemType.RATE_LIMITED;
        ProblemException problem = new ProblemException(type, e.getMessage())
                .withHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        for (var header : refusal.headers().entrySet()) {
            problem = problem.withHeader(header.getKey(), header.getValue());
        }
        return problem.toResponse();
    }
}
