package dev.kiln.simulator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import dev.kiln.simulator.SimulatorConfig;

/**
 * Replicate's API wants "Authorization: Bearer <token>" (older clients say "Token"), and so do the fault controls
 * under /_sim: whoever can reach the simulator must not be able to make it fail or slow down without the token. Only
 * the output files stay open, as replicate.delivery serves them (storage-service downloads them without a token).
 */
public class BearerAuth {

    private static final List<String> PROTECTED = List.of("/v1/", "/_sim/");

    private final byte[] expected;

    public BearerAuth(SimulatorConfig config) {
        if (config.apiToken().isBlank()) {
            throw new IllegalStateException("kiln.simulator.api-token is blank: set the token clients must send");
        }
        this.expected = config.apiToken().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (PROTECTED.stream().noneMatch(path::startsWith)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = token(header);
        if (token == null) {
            return reject("The request needs an Authorization header: Bearer <token>.");
        }
        if (!MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
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
