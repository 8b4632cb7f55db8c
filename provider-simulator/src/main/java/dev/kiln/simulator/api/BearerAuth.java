package dev.kiln.simulator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.SimulatorConfig;

/**
 * Replicate's API wants "Authorization: Bearer <token>" (older clients say "Token"). Without a configured token
 * any non-empty one passes; with one, it must match.
 */
public class BearerAuth {

    private final Optional<byte[]> expected;

    public BearerAuth(SimulatorConfig config) {
        this.expected = config.apiToken().filter(token -> !token.isBlank())
                .map(token -> token.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = token(header);
        if (token == null) {
            return reject("The request needs an Authorization header: Bearer <token>.");
        }
        if (expected.isPresent()
                && !MessageDigest.isEqual(expected.get(), token.getBytes(StandardCharsets.UTF_8))) {
            return reject("The bearer token is not the one this simulator was configured with.");
        }
        return Optional.empty();
    }

    private static String token(String header) {
        if (header == null) {
            return null;
        }
        for (String scheme : new String[] {"Bearer ", "Token "}) {
            if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
                String token = header.substring(scheme.length()).trim();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }

    private static Optional<Response> reject(String detail) {
        return Optional.of(new ProblemException(ProblemType.UNAUTHENTICATED, detail)
                .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .toResponse());
    }
}
