package dev.kiln.credits.ledger;

/**
 * An operator's order to give a user credits. The operator's idempotency key makes a retry safe: the same order
 * under the same key is given once, and another order under a used key is refused.
 */
public record GrantOrder(String grantee, long amount, String reason, String operator, String idempotencyKey) {

    /** The ledger entry's grant key: one grant per operator and idempotency key, whoever the grantee. */
    String grantKey() {
        return "admin:" + operator + ":" + idempotencyKey;
    }

    /** Whether a recorded grant is what this order asks for. */
    boolean isFulfilledBy(LedgerEntry entry) {
        return entry.userId().equals(grantee) && entry.amount() == amount && entry.reason().equals(reason);
    }
}
