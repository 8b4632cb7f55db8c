package dev.kiln.credits.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

/**
 * Reserves and settles predictions' credits. Each method is one transaction that first takes the account's row
 * lock, so movements of one user run one at a time and a balance never goes below zero, whatever the concurrency.
 * The entries already recorded for a prediction are read under that lock, which makes a redelivered event find
 * what its first delivery did and change nothing.
 */
@ApplicationScoped
public class Ledger {

    static final String WELCOME = "welcome";
    static final String INSUFFICIENT_CREDITS = "insufficient_credits";

    private static final Logger LOG = Logger.getLogger(Ledger.class);

    private final CreditsConfig config;
    private final Clock clock;

    public Ledger(CreditsConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Reserves a prediction's cost, or records its rejection. Returns the reserve or reject entry: the one just
     * written or, for a redelivered request, the one written the first time.
     */
    @Transactional
    public Movement reserve(String predictionId, String userId, long cost) {
        Account account = lockOrOpen(userId);
        Optional<LedgerEntry> earlier = LedgerEntry.findDecision(predictionId);
        if (earlier.isPresent()) {
            return Movement.recorded(earlier.get(), true);
        }
        Instant now = now();
        if (account.covers(cost)) {
            account.reserve(cost, now);
            return Movement.recorded(LedgerEntry.record(account, predictionId, EntryKind.RESERVE, cost, null, now),
                    false);
        }
        return Movement.recorded(
                LedgerEntry.record(account, predictionId, EntryKind.REJECT, cost, INSUFFICIENT_CREDITS, now), false);
    }

    /** The user's account; a user seen for the first time gets it opened, with the welcome grant. */
    @Transactional
    public Account accountOf(String userId) {
        Optional<Account> known = Account.findByUserId(userId);
        return known.isPresent() ? known.get() : lockOrOpen(userId);
    }

    /**
     * Gives an operator's grant, once per operator and idempotency key: the same order again finds the grant it
     * recorded the first time, another order under that key is refused. A grantee never seen before gets the
     * account opened first, with the welcome grant.
     *
     * @throws GrantKeyReusedException if the key was used for another grant
     */
    @Transactional
    public Granted grant(GrantOrder order) {
        String grantKey = order.grantKey();
        // Concurrent orders under one key queue here (until commit), so the second one finds the first's entry.
        Account.getEntityManager()
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l")
                .setParameter(1, grantKey)
                .getSingleResult();
        Optional<LedgerEntry> earlier = LedgerEntry.findByGrantKey(grantKey);
        if (earlier.isPresent()) {
            if (!order.isFulfilledBy(earlier.get())) {
                throw new GrantKeyReusedException(order, earlier.get());
            }
            return new Granted(earlier.get(), true);
        }
        Account account = lockOrOpen(order.grantee());
        Instant now = now();
        account.grant(order.amount(), now);
        return new Granted(LedgerEntry.recordGrant(account, grantKey, order.amount(), order.reason(), now), false);
    }

    /**
     * Applies a prediction's outcome to its reservation (see {@link Settlement} for the rules). Empty when there is
     * nothing to publish: no reservation (rejected, or not processed yet) or nothing more to settle.
     */
    @Transactional
    public Optional<Movement> settle(String predictionId, Outcome outcome) {
        Optional<LedgerEntry> reservation = LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.RESERVE);
        if (reservation.isEmpty()) {
            // The gateway dispatches only after credits.reserved, so only an outcome it decided itself (a cancel
            // racing the reservation) or a rejected prediction can land here; neither holds any credits.
            LOG.debugf("%s %s: no reservation to settle", predictionId, outcome.reason());
            return Optional.empty();
        }
        Account account = Account.lock(reservation.get().userId()).orElseThrow();
        Set<EntryKind> recorded = EnumSet.noneOf(EntryKind.class);
        LedgerEntry.findByPrediction(predictionId).forEach(entry -> recorded.add(entry.kind()));
        long amount = reservation.get().amount();
        Instant now = now();
        Settlement settlement = Settlement.of(outcome, recorded);
        switch (settlement) {
            case CONFIRM -> account.confirm(amount, now);
            case REFUND_RESERVATION -> account.releaseReservation(amount, now);
            case REFUND_CHARGE -> account.refundCharge(amount, now);
            case REPUBLISH_CONFIRM -> {
                return LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.CONFIRM).map(entry -> Movement.recorded(entry, true));
            }
            case REPUBLISH_REFUND -> {
                return LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.REFUND).map(entry -> Movement.recorded(entry, true));
            }
            case NOTHING -> {
                LOG.debugf("%s %s: already settled (%s), nothing more to do", predictionId, outcome.reason(),
                        recorded);
                return Optional.empty();
            }
        }
        EntryKind kind = settlement == Settlement.CONFIRM ? EntryKind.CONFIRM : EntryKind.REFUND;
        String reason = kind == EntryKind.REFUND ? outcome.reason() : null;
        return Optional.of(Movement.recorded(LedgerEntry.record(account, predictionId, kind, amount, reason, now),
                false));
    }

    /**
     * Locks the user's account, opening it first if the user is new. Two first requests of one user may race to
     * open it: the insert that loses waits for the winner's commit and does nothing, so the grant is given once;
     * the grant key's unique index would refuse a second welcome grant anyway.
     */
    private Account lockOrOpen(String userId) {
        Optional<Account> known = Account.lock(userId);
        if (known.isPresent()) {
            return known.get();
        }
        Instant now = now();
        int opened = Account.getEntityManager().createNativeQuery(
                "insert into accounts (user_id, available, reserved) values (?1, 0, 0) on conflict (user_id) do nothing")
                .setParameter(1, userId)
                .executeUpdate();
        Account account = Account.lock(userId).orElseThrow();
        long grant = config.welcomeGrant();
        if (opened == 1 && grant > 0 && !Account.isAnonymous(userId)) {
            account.grant(grant, now);
            LedgerEntry.recordGrant(account, WELCOME + ":" + userId, grant, WELCOME, now);
        }
        return account;
    }

    private Instant now() {
        // Millisecond precision: the instant is stored and published, and must read back exactly the same.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
