package dev.kiln.credits.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.credits.ledger.Account;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * An operator's view of any user's account. Unlike the caller's own view it opens nothing: an account that does
 * not exist yet is a 404.
 */
@Path("/v1/credits/accounts/{user_id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "accounts", description = "Operators (role admin): any user's balance and ledger.")
public class AccountResource {

    @GET
    @Operation(summary = "A user's balance", description = "Role admin. Available and reserved credits of any "
            + "user; 404 if the user was never seen.")
    public AccountView account(@PathParam("user_id") String userId) {
        return AccountView.of(Account.findByUserId(userId).orElseThrow(() -> unknownAccount(userId)));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "A user's ledger", description = "Role admin. Every movement of a user's credits, newest "
            + "first, paged as GET /v1/credits/ledger.")
    public LedgerPage ledger(@PathParam("user_id") String userId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        if (Account.findByUserId(userId).isEmpty()) {
            throw unknownAccount(userId);
        }
        return LedgerPage.read(userId, cursor, limit);
    }

    private static ProblemException unknownAccount(String userId) {
        return new ProblemException(ProblemType.NOT_FOUND, "No credits account for user " + userId
                + ": an account opens when the user first calls credits-service, submits a prediction or is granted "
                + "credits.");
    }
}
