package dev.kiln.credits.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.credits.ledger.Account;
import dev.kiln.credits.ledger.LedgerEntry;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * Read-only views of any user's account, for operators and the end-to-end tests. They take the user id from the
 * path and check no identity: the identity issue replaces them with {@code GET /v1/credits/balance} and
 * {@code GET /v1/credits/ledger}, which answer for the authenticated caller, and puts these behind an operator role.
 */
@Path("/v1/credits/accounts/{user_id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Operator read endpoints, without authentication until the identity issue "
        + "moves them to /v1/credits/balance and /v1/credits/ledger for the caller.")
public class AccountResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    @GET
    @Operation(summary = "A user's balances", description = "Operator and test endpoint: available and reserved "
            + "credits of any user. 404 if the user never submitted a prediction.")
    public AccountView account(@PathParam("user_id") String userId) {
        return AccountView.of(Account.findByUserId(userId).orElseThrow(() -> unknownAccount(userId)));
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "A user's ledger", description = "Operator and test endpoint: every movement of a user's "
            + "credits, newest first. Pass next_cursor back as cursor for the following page.")
    public LedgerPage ledger(@PathParam("user_id") String userId, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "limit must be between 1 and " + MAX_LIMIT + ", not " + size + ".");
        }
        if (Account.findByUserId(userId).isEmpty()) {
            throw unknownAccount(userId);
        }
        // One more than asked tells whether another page follows.
        List<LedgerEntry> entries = LedgerEntry.findPage(userId, before(cursor), size + 1);
        boolean more = entries.size() > size;
        List<LedgerEntry> page = more ? entries.subList(0, size) : entries;
        return new LedgerPage(page.stream().map(LedgerPage.Entry::of).toList(),
                more ? String.valueOf(page.get(page.size() - 1).id()) : null);
    }

    /** The cursor is the id of the last entry of the previous page; entries ids only grow. */
    private static long before(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long id = Long.parseLong(cursor);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
                "cursor is not one this endpoint returned: " + cursor + "; pass next_cursor as it came.");
    }

    /** No account for the user: the user has never submitted a prediction. */
    private static ProblemException unknownAccount(String userId) {
        return new ProblemException(ProblemType.NOT_FOUND,
                "No credits account for user " + userId + ": an account opens with the user's first prediction.");
    }
}
