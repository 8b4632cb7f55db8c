package dev.kiln.credits.ledger;

/** An operator's idempotency key was already used for another grant (another user, amount or reason). */
public class GrantKeyReusedException extends RuntimeException {

    private final transient LedgerEntry earlier;

    GrantKeyReusedException(GrantOrder order, LedgerEntry earlier) {
        super("Idempotency-Key " + order.idempotencyKey() + " was already used for another grant: "
                + earlier.amount() + " credits to " + earlier.userId() + " for " + earlier.reason() + ".");
        this.earlier = earlier;
    }

    public LedgerEntry earlier() {
        return earlier;
    }
}
