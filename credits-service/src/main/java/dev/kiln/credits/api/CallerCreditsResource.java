package dev.kiln.credits.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.credits.ledger.Ledger;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller's own credits. The caller is the token's subject; a caller seen here for the first time gets their
 * account opened with the welcome grant, so that a new user's balance already shows what they can spend.
 */
@Path("/v1/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.USER, Roles.ADMIN})
@Tag(name = "credits", description = "The caller's balance and ledger.")
public class CallerCreditsResource {

    private final Ledger ledger;
    private final SecurityIdentity caller;

    public CallerCreditsResource(Ledger ledger, SecurityIdentity caller) {
        this.ledger = ledger;
        this.caller = caller;
    }

    @GET
    @Path("/balance")
    @Operation(summary = "The caller's balance", description = "Credits the caller can spend (available) and "
            + "credits that running predictions hold (reserved).")
    public AccountView balance() {
        return AccountView.of(ledger.accountOf(userId()));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "The caller's ledger", description = "Every movement of the caller's credits, newest "
            + "first: grants, reservations, rejections, confirmations, refunds. Pass next back as cursor for the "
            + "following page; limit 1-100, default 20.")
    public LedgerPage ledger(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return LedgerPage.read(ledger.accountOf(userId()).userId(), cursor, limit);
    }

    /** The token's subject: the same user id as a prediction's owner and the events' user_id. */
    private String userId() {
        return caller.getPrincipal().getName();
    }
}
