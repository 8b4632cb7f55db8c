package dev.kiln.gateway.api;

import java.util.List;

import dev.kiln.gateway.tasks.FieldError;

/** Ends a request with a problem answer. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final String retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, String retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(Problem.of("invalid-request", "Invalid request", 422,
                "Some fields are invalid; see errors.").withErrors(errors));
    }

    static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, "No prediction has the id " + id + "."));
    }

    static ProblemException unavailable(String what) {
        return new ProblemException(Problem.of("service-unavailable", "Service unavailable", 503,
                what + " Nothing was created or changed; try again shortly."), "1");
    }
}
