package dev.kiln.gateway.identity;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The caller of the current request, without blocking: the identity is authenticated on first use (proactive
 * authentication is off, so that a bad token becomes a 401 problem through the exception mappers), from an OIDC
 * access token, a {@code kiln_} API token, or nothing (anonymous, at once, without the security layer).
 *
 * @throws io.quarkus.security.AuthenticationFailedException through the Uni, for a missing, expired or forged token
 */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;
    private final ClientAddresses addresses;

    Callers(CurrentIdentityAssociation identities, ClientAddresses addresses) {
        this.identities = identities;
        this.addresses = addresses;
    }

    public Uni<Caller> current(HttpServerRequest request) {
        String address = addresses.of(request);
        // Both kinds of credentials come only in the Authorization header: without it the caller is anonymous, and
        // asking the security layer would run both mechanisms only to say so (a fifth of a submit's CPU, measured).
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            return Uni.createFrom().item(Caller.anonymous(address));
        }
        return identities.getDeferredIdentity().map(identity -> of(identity, address));
    }

    private static Caller of(SecurityIdentity identity, String address) {
        return identity.isAnonymous()
                ? Caller.anonymous(address)
                : Caller.user(identity.getPrincipal().getName(), address, identity.getRoles());
    }
}
