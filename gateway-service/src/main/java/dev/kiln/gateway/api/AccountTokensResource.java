package dev.kiln.gateway.api;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;

import dev.kiln.apitokens.ApiTokenIdentityProvider;
import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.account.AccountTokens;
import dev.kiln.gateway.account.ApiTokenView;
import dev.kiln.gateway.account.CreatedApiToken;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The caller's personal API tokens ({@code kiln_...}), for scripts and backends that cannot refresh an OIDC token
 * every few minutes. A token is shown once, when it is created; lists show only its first characters.
 */
@Path("/v1/account/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
public class AccountTokensResource {

    static final int MAX_NAME_LENGTH = 100;

    public record CreateTokenRequest(String name) {
    }

    public record TokenList(List<ApiTokenView> tokens) {
    }

    private final AccountTokens tokens;
    private final SecurityIdentity identity;
    private final GatewayConfig config;

    AccountTokensResource(AccountTokens tokens, SecurityIdentity identity, GatewayConfig config) {
        this.tokens = tokens;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<CreatedApiToken> create(CreateTokenRequest request) {
        if (identity.getAttribute(ApiTokenIdentityProvider.TOKEN_ID_ATTRIBUTE) != null) {
            // A leaked token must not be able to mint tokens that outlive its own revocation.
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "API tokens are created with a sign-in (OIDC) access token, not with another API token.");
        }
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ProblemException.invalid(List.of(new FieldError("name",
                    "is required: 1 to " + MAX_NAME_LENGTH + " characters that say where the token is used")));
        }
        CreatedApiToken created = tokens.create(userId(), identity.getRoles(), name);
        return RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, created)
                .location(URI.create(config.publicUrl() + "/v1/account/tokens/" + created.id())).build();
    }

    @GET
    public TokenList list() {
        return new TokenList(tokens.list(userId()));
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> revoke(@PathParam("id") String id) {
        tokens.revoke(userId(), id);
        return RestResponse.noContent();
    }

    private String userId() {
        return identity.getPrincipal().getName();
    }
}
