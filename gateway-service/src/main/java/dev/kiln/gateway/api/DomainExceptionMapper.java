package dev.kiln.gateway.api;

import java.time.Duration;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.kiln.gateway.account.UnknownApiTokenException;
import dev.kiln.gateway.deadletters.DeadLetterAlreadyReplayedException;
import dev.kiln.gateway.deadletters.DeadLettersUnavailableException;
import dev.kiln.gateway.deadletters.UnknownDeadLetterException;
import dev.kiln.gateway.dispatch.AlreadyTerminalException;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.SubmissionUncertainException;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import dev.kiln.gateway.timeline.EventLogUnavailableException;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.persistence.PersistenceException;
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
    public Response alreadyReplayed(DeadLetterAlreadyReplayedException e) {
        return new ProblemException(ProblemType.ALREADY_REPLAYED, e.getMessage()
                + " A dead letter is replayed once; to process the event again, replay the record its replay"
                + " dead-lettered, if it was.").toResponse();
    }

    @ServerExceptionMapper
    public Response unknownDeadLetter(UnknownDeadLetterException e) {
        return new ProblemException(ProblemType.NOT_FOUND, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response replayFailed(DeadLettersUnavailableException e) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, e.getMessage()
                + " Nothing was replayed; try again shortly.").retryAfter(RETRY_AFTER).toResponse();
    }

    @ServerExceptionMapper
    public Response eventLogUnavailable(EventLogUnavailableException e) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, e.getMessage()
                + " A timeline is read from the event log; nothing was changed, try again shortly.")
                .retryAfter(RETRY_AFTER).toResponse();
    }

    @ServerExceptionMapper
    public Response submissionUncertain(SubmissionUncertainException e) {
        String id = e.predictionId();
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, e.getMessage() + " Send the same request again"
                + " with the same Idempotency-Key: it then submits this prediction, once. GET /v1/predictions/" + id
                + " shows it meanwhile.")
                .withHeader("Location", "/v1/predictions/" + id)
                .retryAfter(RETRY_AFTER).toResponse();
    }

    @ServerExceptionMapper
    public Response dependencyUnavailable(DependencyUnavailableException e) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                e.getMessage() + " Nothing was created or changed; try again shortly.")
                .retryAfter(RETRY_AFTER).toResponse();
    }

    /**
     * PostgreSQL unavailable (a failover, a full pool, a lock that timed out) on a read or a cancel: the API never
     * answers 500 for a dependency, it says when to come back. The transaction was rolled back.
     */
    @ServerExceptionMapper
    public Response databaseUnavailable(PersistenceException e) {
        return databaseUnavailable();
    }

    @ServerExceptionMapper
    public Response transactionFailed(QuarkusTransactionException e) {
        return databaseUnavailable();
    }

    private static Response databaseUnavailable() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The prediction store is unavailable. Nothing was changed; try again shortly.")
                .retryAfter(RETRY_AFTER).toResponse();
    }
}
