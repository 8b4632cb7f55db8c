package dev.kiln.credits.api;

import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.credits.ledger.CreditsConfig;
import dev.kiln.credits.ledger.GrantKeyReusedException;
import dev.kiln.credits.ledger.GrantOrder;
import dev.kiln.credits.ledger.Granted;
import dev.kiln.credits.ledger.Ledger;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Operators give users credits. A grant moves money, so it takes an {@code Idempotency-Key}: a retry after a lost
 * answer gives the first answer again instead of a second grant.
 */
@Path("/v1/admin/credits/grants")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin", description = "Operators (role admin): grants of credits.")
public class GrantResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on an answer that repeats the first answer given under the same key. */
    static final String REPLAYED = "Idempotent-Replayed";

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final Ledger ledger;
    private final CreditsConfig config;
    private final SecurityIdentity caller;

    public GrantResource(Ledger ledger, CreditsConfig config, SecurityIdentity caller) {
        this.ledger = ledger;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant credits to a user", description = "Role admin. Body {user_id, amount, reason}; "
            + "the Idempotency-Key header is required. The same key with the same body answers the same grant "
            + "again (Idempotent-Replayed: true) and grants nothing more; the same key with another body is 409 "
            + "idempotency-conflict. A user never seen before gets the welcome grant first.")
    public Response grant(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, JsonNode body) {
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The " + IDEMPOTENCY_KEY + " header is "
                    + (idempotencyKey == null ? "missing" : "not 1 to 200 visible ASCII characters")
                    + ": a grant moves credits, and the key is what makes a retry of it safe. Send a fresh key, "
                    + "such as a UUID, for each grant.");
        }
        GrantRequest request = GrantRequest.read(body, config.maxGrant());
        Granted granted = ledger.grant(new GrantOrder(request.userId(), request.amount(), request.reason(),
                caller.getPrincipal().getName(), idempotencyKey));
        Response.ResponseBuilder answer = Response.status(Response.Status.CREATED)
                .entity(GrantView.of(granted.entry()));
        if (granted.replayed()) {
            answer.header(REPLAYED, "true");
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response keyReused(GrantKeyReusedException e) {
        return new ProblemException(ProblemType.IDEMPOTENCY_CONFLICT, e.getMessage()
                + " Use a new key for a new grant.").toResponse();
    }
}
