package dev.kiln.problem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.LinkedHashMap;

import jakarta.ws.rs.core.Response;

/**
 * Ends a request with a problem answer. Thrown by resources, or built by a service's own exception mapper from a
 * domain exception (the domain itself knows nothing of HTTP).
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail), Map.of());
    }

    private ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    /** An {@link ProblemType#INVALID_REQUEST} listing each invalid field. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemType.INVALID_REQUEST, "Some fields are invalid; see errors.")
                .withErrors(errors);
    }

    public ProblemException withErrors(List<FieldError> errors) {
        return new ProblemException(problem.withErrors(List.copyOf(errors)), headers);
    }

    /** Adds a response header, such as {@code Retry-After} or a rate limit's. */
    public ProblemException withHeader(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ProblemException(problem, Collections.unmodifiableMap(more));
    }

    /** Tells the client when to try again (whole seconds, at least one). */
    public ProblemException retryAfter(Duration wait) {
        return withHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Response toResponse() {
        var response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(response::header);
        return response.build();
    }
}
