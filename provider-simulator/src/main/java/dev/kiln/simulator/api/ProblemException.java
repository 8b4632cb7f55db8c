package dev.kiln.simulator.api;

import java.util.List;
import java.util.Map;

import dev.kiln.simulator.faults.Faults.FieldError;

/** Ends a request with a problem detail; thrown on purpose, so it carries no stack trace. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public static ProblemException of(int status, String slug, String title, String detail) {
        return new ProblemException(new Problem(Problems.type(slug), title, status, detail, null), Map.of());
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(new Problem(Problems.type("invalid-request"), "Invalid request", 422, detail,
                errors), Map.of());
    }

    public ProblemException withHeader(String name, String value) {
        return new ProblemException(problem, Map.of(name, value));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
