package dev.kiln.credits.ledger;

import java.util.Set;

/**
 * What an outcome does to a reservation, given the entries the prediction already has. Kept apart from the
 * database so that the rules read as a table and are tested as one.
 */
public enum Settlement {
    /** The reservation is spent. */
    CONFIRM,
    /** The reservation goes back to available. */
    REFUND_RESERVATION,
    /** A confirmed charge goes back to available. */
    REFUND_CHARGE,
    /** Already confirmed by this same outcome: publish the recorded confirmation again. */
    REPUBLISH_CONFIRM,
    /** Already refunded: publish the recorded refund again. */
    REPUBLISH_REFUND,
    /** Nothing to settle, or nothing more. */
    NOTHING;

    /**
     * A refund is final: a later success does not confirm. A storage failure gives back what the user paid, whether
     * or not the success was confirmed first; after confirm then refund the user has paid nothing, which is the
     * point: they got no image. Otherwise every reservation ends in exactly one confirm or one refund.
     */
    public static Settlement of(Outcome outcome, Set<EntryKind> recorded) {
        if (!recorded.contains(EntryKind.RESERVE)) {
            return NOTHING;
        }
        boolean confirmed = recorded.contains(EntryKind.CONFIRM);
        boolean refunded = recorded.contains(EntryKind.REFUND);
        return switch (outcome) {
            case SUCCEEDED -> refunded ? NOTHING : confirmed ? REPUBLISH_CONFIRM : CONFIRM;
            // A failure reported after a success is a second terminal outcome for one prediction: the first stands.
            case FAILED, CANCELED, ABORTED -> refunded ? REPUBLISH_REFUND : confirmed ? NOTHING : REFUND_RESERVATION;
            case STORAGE_FAILED -> refunded ? REPUBLISH_REFUND : confirmed ? REFUND_CHARGE : REFUND_RESERVATION;
        };
    }
}
