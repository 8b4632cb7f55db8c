package dev.kiln.credits.ledger;

import static dev.kiln.credits.ledger.EntryKind.CONFIRM;
import static dev.kiln.credits.ledger.EntryKind.REFUND;
import static dev.kiln.credits.ledger.EntryKind.REJECT;
import static dev.kiln.credits.ledger.EntryKind.RESERVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Set<EntryKind> RESERVED = EnumSet.of(RESERVE);
    private static final Set<EntryKind> CONFIRMED = EnumSet.of(RESERVE, CONFIRM);
    private static final Set<EntryKind> REFUNDED = EnumSet.of(RESERVE, REFUND);
    private static final Set<EntryKind> CONFIRMED_THEN_REFUNDED = EnumSet.of(RESERVE, CONFIRM, REFUND);

    @Test
    void aSuccessConfirmsAReservation() {
        assertEquals(Settlement.CONFIRM, Settlement.of(Outcome.SUCCEEDED, RESERVED));
    }

    @Test
    void aFailureOrACancelRefundsAReservation() {
        assertEquals(Settlement.REFUND_RESERVATION, Settlement.of(Outcome.FAILED, RESERVED));
        assertEquals(Settlement.REFUND_RESERVATION, Settlement.of(Outcome.CANCELED, RESERVED));
    }

    @Test
    void anAbortedPredictionNeverRanSoItsReservationIsRefunded() {
        assertEquals(Settlement.REFUND_RESERVATION, Settlement.of(Outcome.ABORTED, RESERVED));
        assertEquals(Settlement.REPUBLISH_REFUND, Settlement.of(Outcome.ABORTED, REFUNDED));
        assertEquals(Settlement.NOTHING, Settlement.of(Outcome.ABORTED, CONFIRMED));
    }

    @Test
    void aStorageFailureRefundsAConfirmedChargeOrAReservationNotYetConfirmed() {
        assertEquals(Settlement.REFUND_CHARGE, Settlement.of(Outcome.STORAGE_FAILED, CONFIRMED));
        assertEquals(Settlement.REFUND_RESERVATION, Settlement.of(Outcome.STORAGE_FAILED, RESERVED));
    }

    @Test
    void aRefundIsFinalSoALateSuccessDoesNotConfirm() {
        assertEquals(Settlement.NOTHING, Settlement.of(Outcome.SUCCEEDED, REFUNDED));
        assertEquals(Settlement.NOTHING, Settlement.of(Outcome.SUCCEEDED, CONFIRMED_THEN_REFUNDED));
    }

    @Test
    void aFailureAfterASuccessDoesNotUndoTheConfirmation() {
        assertEquals(Settlement.NOTHING, Settlement.of(Outcome.FAILED, CONFIRMED));
        assertEquals(Settlement.NOTHING, Settlement.of(Outcome.CANCELED, CONFIRMED));
    }

    @Test
    void aRedeliveredOutcomeRepublishesWhatWasRecordedAndMovesNothing() {
        assertEquals(Settlement.REPUBLISH_CONFIRM, Settlement.of(Outcome.SUCCEEDED, CONFIRMED));
        assertEquals(Settlement.REPUBLISH_REFUND, Settlement.of(Outcome.FAILED, REFUNDED));
        assertEquals(Settlement.REPUBLISH_REFUND, Settlement.of(Outcome.CANCELED, REFUNDED));
        assertEquals(Settlement.REPUBLISH_REFUND, Settlement.of(Outcome.STORAGE_FAILED, REFUNDED));
        assertEquals(Settlement.REPUBLISH_REFUND, Settlement.of(Outcome.STORAGE_FAILED, CONFIRMED_THEN_REFUNDED));
    }

    @Test
    void withoutAReservationThereIsNothingToSettle() {
        for (Outcome outcome : Outcome.values()) {
            assertEquals(Settlement.NOTHING, Settlement.of(outcome, EnumSet.noneOf(EntryKind.class)));
            assertEquals(Settlement.NOTHING, Settlement.of(outcome, EnumSet.of(REJECT)));
        }
    }
}
