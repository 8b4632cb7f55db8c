package dev.kiln.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A body whose Content-Length is over {@code quarkus.http.limits.max-body-size} is refused with 413 body-too-large
 * before a byte of it is read, as problem+json. Quarkus refuses it too, but with an empty body; this route runs just
 * before Quarkus' own (order -2). A chunked body has no length to check: Quarkus stops it once it passes the cap
 * (413, connection closed, at most the cap held in memory).
 */
@ApplicationScoped
public class OversizeBodyRefusal {

    /** Just before Quarkus' own check of the limit (HttpServerCommonHandlers.enforceMaxBodySize, order -2). */
    private static final int BEFORE_QUARKUS = -3;

    void refuseOversizeBodies(@Observes Router router, ObjectMapper json) {
        var limit = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class);
        if (limit.isEmpty()) {
            return;
        }
        long maxBytes = limit.get().asLongValue();
        byte[] answer = problem(json, maxBytes);
        router.route().order(BEFORE_QUARKUS).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, maxBytes)) {
                context.response()
                        .setStatusCode(ProblemType.BODY_TOO_LARGE.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        // The unread body would otherwise have to be drained from the connection.
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(answer));
                return;
            }
            context.next();
        });
    }

    private static boolean isOver(String length, long maxBytes) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // not ours to judge: the HTTP codec refuses a malformed Content-Length
        }
    }

    private static byte[] problem(ObjectMapper json, long maxBytes) {
        try {
            return json.writeValueAsBytes(Problem.of(ProblemType.BODY_TOO_LARGE,
                    "The body is larger than this service accepts (at most " + maxBytes + " bytes)."));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
