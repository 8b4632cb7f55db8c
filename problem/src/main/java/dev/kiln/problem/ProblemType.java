package dev.kiln.problem;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of error a Kiln service answers with, one stable {@code type} URI each, the same in all five services.
 * Clients switch on the type; the detail says what happened this time. docs/errors.md lists each with an example.
 */
public enum ProblemType {

    MALFORMED_BODY("malformed-body", 400, "Malformed body"),
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
    UNAUTHENTICATED("unauthenticated", 401, "Unauthenticated"),
    INVALID_SIGNATURE("invalid-signature", 401, "Signature not verified"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    ALREADY_TERMINAL("already-terminal", 409, "Already finished"),
    IDEMPOTENCY_CONFLICT("idempotency-conflict", 409, "Idempotency key conflict"),
    ALREADY_REPLAYED("already-replayed", 409, "Already replayed"),
    BODY_TOO_LARGE("body-too-large", 413, "Body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    INVALID_REQUEST("invalid-request", 422, "Invalid request"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    QUOTA_EXHAUSTED("quota-exhausted", 429, "Free quota used up"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable");

    /** Where the types live; a type is this base followed by its slug. */
    public static final String BASE_URI = "https://kiln.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The type of an HTTP error that the framework raised itself (unknown path, wrong method, ...). */
    static Optional<ProblemType> ofFrameworkStatus(int status) {
        return Arrays.stream(values())
                .filter(type -> type.status == status && type.isFrameworkStatus())
                .findFirst();
    }

    private boolean isFrameworkStatus() {
        return switch (this) {
            case MALFORMED_BODY, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, BODY_TOO_LARGE,
                    UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED, INTERNAL_ERROR, SERVICE_UNAVAILABLE -> true;
            default -> false;
        };
    }
}
