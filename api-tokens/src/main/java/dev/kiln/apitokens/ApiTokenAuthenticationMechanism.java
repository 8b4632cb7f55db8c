package dev.kiln.apitokens;

import java.util.Set;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes {@code Authorization: Bearer kiln_...} and has {@link ApiTokenIdentityProvider} check it. It runs before
 * quarkus-oidc's bearer mechanism (a higher priority) and answers nothing for any other bearer, which then goes to
 * OIDC: one header, two kinds of token, told apart by the {@code kiln_} prefix that no JWT can start with.
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Above quarkus-oidc's (DEFAULT_PRIORITY): a kiln_ token must never reach the JWT verifier. */
    static final int PRIORITY = HttpAuthenticationMechanism.DEFAULT_PRIORITY + 100;
    private static final String BEARER = "bearer";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context);
        if (!ApiTokens.looksLikeApiToken(token)) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenAuthenticationRequest(token), context));
    }

    private static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER + " ", 0, BEARER.length() + 1)) {
            return null;
        }
        return header.substring(BEARER.length() + 1).trim();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        // None of its own: it shares the bearer transport with quarkus-oidc and is never selected by it alone.
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
