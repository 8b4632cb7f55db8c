package dev.kiln.gateway.api;

import java.time.Duration;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kiln.gateway.account.UnknownApiTokenException;
import dev.kiln.gateway.dispatch.AlreadyTerminalException;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import jakarta.ws.rs.core.Response;

/**
 * The gateway's domain exceptions as problem details (docs/errors.md). Everything else, the framework's own errors
 * included, is kiln-problem's ProblemMapper's.
 */
public class DomainExceptionMapper {

    /** How long a client waits before it tries again when Redis or Kafka could not take a change. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    @ServerExceptionMapper
    public Response unknownPrediction(UnknownPredictionException e) {
        return new ProblemException(ProblemType.NOT_FOUND, "No prediction has the id " + e.id() + ".").toResponse();
    }

    @ServerExceptionMapper
    public Response unknownApiToken(UnknownApiTokenException e) {
        return new ProblemException(ProblemType.NOT_FOUND, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response alreadyTerminal(AlreadyTerminalException e) {
        return new ProblemException(ProblemType.ALREADY_TERMINAL, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response dependencyUnavailable(DependencyUnavailableException e) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                e.getMessage() + " Nothing was created or changed; try again shortly.")
                .retryAfter(RETRY_AFTER).toResponse();
    }
}
