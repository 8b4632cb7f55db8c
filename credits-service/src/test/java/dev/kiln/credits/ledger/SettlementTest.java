package dev.kiln.credits.ledger;

import static dev.kiln.credits.ledger.EntryKind.CONFIRM;
import static dev.kiln.credits.ledger.EntryKind.REFUND;
import static dev.kiln.credits.ledger.EntryKind.REJECT;
import static dev.kiln.credits.ledger.EntryKind.RESERVE;
import static dev.kiln.credits.ledger.Outcome.ABORTED;
import static dev.kiln.credits.ledger.Outcome.CANCELED;
import static dev.kiln.credits.ledger.Outcome.FAILED;
import static dev.kiln.credits.ledger.Outcome.STORAGE_FAILED;
import static dev.kiln.credits.ledger.Outcome.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Set<EntryKind> NOT_RESERVED = EnumSet.noneOf(EntryKind.class);
    private static final Set<EntryKind> REJECTED = EnumSet.of(REJECT);
    private static final Set<EntryKind> RESERVED = EnumSet.of(RESERVE);
    private static final Set<EntryKind> CONFIRMED = EnumSet.of(RESERVE, CONFIRM);
    private static final Set<EntryKind> REFUNDED = EnumSet.of(RESERVE, REFUND);
    private static final Set<EntryKind> CONFIRMED_THEN_REFUNDED = EnumSet.of(RESERVE, CONFIRM, REFUND);

    /** Each of the outcomes, arriving after the entries recorded, settles as expected. */
    private static void assertSettles(Settlement expected, Set<EntryKind> recorded, Outcome... outcomes) {
        for (Outcome outcome : outcomes) {
            assertEquals(expected, Settlement.of(outcome, recorded), () -> outcome + " after " + recorded);
        }
    }

    @Test
    void aSuccessConfirmsAReservation() {
        assertSettles(Settlement.CONFIRM, RESERVED, SUCCEEDED);
    }

    @Test
    void aFailureOrACancelRefundsAReservation() {
        assertSettles(Settlement.REFUND_RESERVATION, RESERVED, FAILED, CANCELED);
    }

    @Test
    void anAbortedPredictionNeverRanSoItsReservationIsRefunded() {
        assertSettles(Settlement.REFUND_RESERVATION, RESERVED, ABORTED);
        assertSettles(Settlement.REPUBLISH_REFUND, REFUNDED, ABORTED);
        assertSettles(Settlement.NOTHING, CONFIRMED, ABORTED);
    }

    @Test
    void aStorageFailureRefundsAConfirmedChargeOrAReservationNotYetConfirmed() {
        assertSettles(Settlement.REFUND_CHARGE, CONFIRMED, STORAGE_FAILED);
        assertSettles(Settlement.REFUND_RESERVATION, RESERVED, STORAGE_FAILED);
    }

    @Test
    void aRefundIsFinalSoALateSuccessDoesNotConfirm() {
        assertSettles(Settlement.NOTHING, REFUNDED, SUCCEEDED);
        assertSettles(Settlement.NOTHING, CONFIRMED_THEN_REFUNDED, SUCCEEDED);
    }

    @Test
    void aFailureAfterASuccessDoesNotUndoTheConfirmation() {
        assertSettles(Settlement.NOTHING, CONFIRMED, FAILED, CANCELED);
    }

    @Test
    void aRedeliveredOutcomeRepublishesWhatWasRecordedAndMovesNothing() {
        assertSettles(Settlement.REPUBLISH_CONFIRM, CONFIRMED, SUCCEEDED);
        assertSettles(Settlement.REPUBLISH_REFUND, REFUNDED, FAILED, CANCELED, STORAGE_FAILED);
        assertSettles(Settlement.REPUBLISH_REFUND, CONFIRMED_THEN_REFUNDED, STORAGE_FAILED);
    }

    @Test
    void withoutAReservationThereIsNothingToSettle() {
        assertSettles(Settlement.NOTHING, NOT_RESERVED, Outcome.values());
        assertSettles(Settlement.NOTHING, REJECTED, Outcome.values());
    }
}
