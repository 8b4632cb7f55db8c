package dev.kiln.credits.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AccountTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static Account withCredits(long available) {
        Account account = new Account("alice", NOW);
        account.grant(available, NOW);
        return account;
    }

    @Test
    void aReservationMovesTheCostFromAvailableToReserved() {
        Account account = withCredits(10);
        account.reserve(4, NOW);
        assertEquals(6, account.available());
        assertEquals(4, account.reserved());
    }

    @Test
    void aReservationOfTheWholeBalanceIsCoveredAndOneCreditMoreIsNot() {
        Account account = withCredits(3);
        assertTrue(account.covers(3));
        assertFalse(account.covers(4));
        assertThrows(IllegalStateException.class, () -> account.reserve(4, NOW));
        assertEquals(3, account.available());
        assertEquals(0, account.reserved());
    }

    @Test
    void aConfirmationSpendsTheReservation() {
        Account account = withCredits(10);
        account.reserve(4, NOW);
        account.confirm(4, NOW);
        assertEquals(6, account.available());
        assertEquals(0, account.reserved());
    }

    @Test
    void releasingAReservationGivesItBackToAvailable() {
        Account account = withCredits(10);
        account.reserve(4, NOW);
        account.releaseReservation(4, NOW);
        assertEquals(10, account.available());
        assertEquals(0, account.reserved());
    }

    @Test
    void refundingAConfirmedChargeRestoresTheBalanceBeforeTheReservation() {
        Account account = withCredits(10);
        account.reserve(4, NOW);
        account.confirm(4, NOW);
        account.refundCharge(4, NOW);
        assertEquals(10, account.available());
        assertEquals(0, account.reserved());
    }

    @Test
    void nothingCanBeTakenFromReservedBeyondWhatItHolds() {
        Account account = withCredits(10);
        account.reserve(2, NOW);
        assertThrows(IllegalStateException.class, () -> account.confirm(3, NOW));
        assertThrows(IllegalStateException.class, () -> account.releaseReservation(3, NOW));
        assertEquals(8, account.available());
        assertEquals(2, account.reserved());
    }

    @Test
    void aNegativeMovementIsRefused() {
        Account account = withCredits(10);
        assertThrows(IllegalArgumentException.class, () -> account.reserve(-1, NOW));
        assertThrows(IllegalArgumentException.class, () -> account.grant(-1, NOW));
        assertThrows(IllegalArgumentException.class, () -> account.refundCharge(-1, NOW));
        assertEquals(10, account.available());
    }

    @Test
    void aFreePredictionIsCoveredByAnEmptyAccount() {
        Account account = new Account(Account.ANONYMOUS_PREFIX + "203.0.113.9", NOW);
        assertTrue(account.covers(0));
        account.reserve(0, NOW);
        assertEquals(0, account.available());
        assertEquals(0, account.reserved());
        assertTrue(Account.isAnonymous(account.userId()));
        assertFalse(Account.isAnonymous("alice"));
    }
}
