package dev.kiln.apitokens;

import java.time.Instant;

import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a {@code kiln_} token against the Redis registry, on the event loop (one HGETALL, and one write a minute
 * to record the use), and gives the identity of its owner: principal = the user id (the OIDC {@code sub} it was
 * created under), roles as registered. An unknown or revoked token fails authentication: a 401.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {

    /** The identity's attribute that names the token it came from, for audit logs and for the token endpoints. */
    public static final String TOKEN_ID_ATTRIBUTE = "kiln.api-token-id";

    private static final Logger LOG = Logger.getLogger(ApiTokenIdentityProvider.class);

    private final ApiTokenRegistry registry;

    ApiTokenIdentityProvider(ApiTokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String tokenHash = ApiTokens.hash(request.token());
        return registry.find(tokenHash).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new AuthenticationFailedException("Unknown or revoked API token"));
            }
            RegisteredToken token = found.get();
            SecurityIdentity identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(token.userId()))
                    .addRoles(token.roles())
                    .addAttribute(TOKEN_ID_ATTRIBUTE, token.tokenId())
                    .build();
            // Recording the use is bookkeeping: if it fails, the request still goes on.
            return registry.recordUse(tokenHash, token, Instant.now())
                    .onFailure().invoke(e -> LOG.debugf(e, "Could not record the use of API token %s", token.tokenId()))
                    .onFailure().recoverWithNull()
                    .replaceWith(identity);
        });
    }
}
