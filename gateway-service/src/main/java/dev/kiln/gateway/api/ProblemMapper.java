package dev.kiln.gateway.api;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.kiln.gateway.dispatch.AlreadyTerminalException;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import jakarta.ws.rs.WebApplicationException;

/** Every error leaves as application/problem+json: no stack trace or class name ever reaches a client. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        var response = RestResponse.ResponseBuilder.<Problem>create(e.problem().status())
                .entity(e.problem()).type(Problem.MEDIA_TYPE);
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", e.retryAfterSeconds());
        }
        return response.build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e) {
        return answer(Problem.of("malformed-body", "Malformed body", 400,
                "The body is not valid JSON: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unknown(UnknownPredictionException e) {
        return problem(ProblemException.notFound(e.id()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> terminal(AlreadyTerminalException e) {
        return answer(Problem.of("already-terminal", "Already finished", 409, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 413 -> "Body too large";
            case 415 -> "Unsupported media type";
            default -> "Request failed";
        };
        String detail = switch (status) {
            case 404 -> "There is nothing at this path.";
            case 413 -> "The body is larger than this endpoint accepts.";
            case 415 -> "Send the body as application/json.";
            default -> title + ".";
        };
        return answer(Problem.of(title.toLowerCase().replace(' ', '-'), title, status, detail));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(RuntimeException e) {
        LOG.error("Unexpected failure", e);
        return answer(Problem.of("internal-error", "Internal error", 500,
                "Something went wrong on our side; it has been logged."));
    }

    private static RestResponse<Problem> answer(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).entity(problem)
                .type(Problem.MEDIA_TYPE).build();
    }
}
