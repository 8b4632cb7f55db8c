package dev.kiln.credits.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
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
    /** The reason of a refund that the backstop gave: no outcome came in time. */
    public static final String BACKSTOP = "backstop";

    private static final Logger LOG = Logger.getLogger(Ledger.class);

    private final CreditsConfig config;
    private final Clock clock;

    public Ledger(CreditsConfig config) {
        this.config = config;
        this.clock = Clock.systemUTC();
    }

    /**
     * Reserves a prediction's cost, or records its rejection, and applies the outcomes of the prediction that arrived
     * before it (see {@link #settle}). Returns what to publish, in order: the reserve or reject entry, then the
     * settlements those early outcomes made. A redelivered request finds them recorded and returns them again.
     */
    @Transactional
    public List<Movement> reserve(String predictionId, String userId, long cost) {
        lockPrediction(predictionId);
        Account account = lockOrOpen(userId);
        Optional<LedgerEntry> earlier = LedgerEntry.findDecision(predictionId);
        if (earlier.isPresent()) {
            List<Movement> again = new ArrayList<>();
            again.add(Movement.recorded(earlier.get(), true));
            if (!EarlyOutcome.of(predictionId).isEmpty()) {
                // Its first delivery may have settled it with them and crashed before publishing the settlement.
                LedgerEntry.findByPrediction(predictionId).stream()
                        .filter(entry -> entry.kind() == EntryKind.CONFIRM || entry.kind() == EntryKind.REFUND)
                        .sorted(Comparator.comparing(LedgerEntry::id))
                        .forEach(entry -> again.add(Movement.recorded(entry, true)));
            }
            return again;
        }
        Instant now = now();
        if (!account.covers(cost)) {
            return List.of(Movement.recorded(
                    LedgerEntry.record(account, predictionId, EntryKind.REJECT, cost, INSUFFICIENT_CREDITS, now),
                    false));
        }
        account.reserve(cost, now);
        LedgerEntry reservation = LedgerEntry.record(account, predictionId, EntryKind.RESERVE, cost, null, now);
        List<Movement> movements = new ArrayList<>();
        movements.add(Movement.recorded(reservation, false));
        Set<EntryKind> recorded = EnumSet.of(EntryKind.RESERVE);
        for (Outcome outcome : EarlyOutcome.of(predictionId)) {
            // Only new movements: a second early outcome that the first one's settlement already covers adds none.
            apply(outcome, account, reservation, recorded).filter(movement -> !movement.replayed())
                    .ifPresent(movement -> {
                        recorded.add(movement.kind());
                        movements.add(movement);
                    });
        }
        if (movements.size() > 1) {
            LOG.infof("%s reserved after its outcome had arrived: settled at once (%s)", predictionId,
                    movements.subList(1, movements.size()).stream().map(Movement::kind).toList());
        }
        return movements;
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
     * nothing to publish: the prediction was rejected, its reservation is already settled, or its request has not
     * been processed yet. In that last case the outcome is recorded, and {@link #reserve} applies it.
     */
    @Transactional
    public Optional<Movement> settle(String predictionId, Outcome outcome) {
        lockPrediction(predictionId);
        Optional<LedgerEntry> reservation = LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.RESERVE);
        if (reservation.isEmpty()) {
            if (LedgerEntry.findDecision(predictionId).isPresent()) {
                LOG.debugf("%s %s: rejected, nothing to settle", predictionId, outcome.reason());
            } else {
                // Its request is still to come (or being retried): the reservation it makes is settled then.
                EarlyOutcome.record(predictionId, outcome, now());
                LOG.infof("%s %s arrived before its reservation: recorded, settled when the reservation comes",
                        predictionId, outcome.reason());
            }
            return Optional.empty();
        }
        Account account = Account.lock(reservation.get().userId()).orElseThrow();
        Set<EntryKind> recorded = EnumSet.noneOf(EntryKind.class);
        LedgerEntry.findByPrediction(predictionId).forEach(entry -> recorded.add(entry.kind()));
        return apply(outcome, account, reservation.get(), recorded);
    }

    /** Applies the outcome to the reservation, whose account is locked and whose prediction has those entries. */
    private Optional<Movement> apply(Outcome outcome, Account account, LedgerEntry reservation,
            Set<EntryKind> recorded) {
        String predictionId = reservation.predictionId();
        long amount = reservation.amount();
        Instant now = now();
        Settlement settlement = Settlement.of(outcome, recorded);
        switch (settlement) {
            case CONFIRM -> account.confirm(amount, now);
            case REFUND_RESERVATION -> account.releaseReservation(amount, now);
            case REFUND_CHARGE -> account.refundCharge(amount, now);
            case REPUBLISH_CONFIRM -> {
                return LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.CONFIRM)
                        .map(entry -> Movement.recorded(entry, true));
            }
            case REPUBLISH_REFUND -> {
                return LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.REFUND)
                        .map(entry -> Movement.recorded(entry, true));
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
     * Serialises everything that reads or moves one prediction's credits (its request, its outcomes), until the
     * transaction ends. Without it an outcome could check for the reservation while the reservation commits, each
     * missing the other, and the early outcome would never be applied. Taken before the account's row lock, in
     * every method, so that the two locks are always taken in the same order.
     */
    private static boolean tryLockPrediction(String predictionId) {
        return (Boolean) Account.getEntityManager()
                .createNativeQuery("select pg_try_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, "prediction:" + predictionId)
                .getSingleResult();
    }

    private static void lockPrediction(String predictionId) {
        Account.getEntityManager()
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(?1, 0))) l")
                .setParameter(1, "prediction:" + predictionId)
                .getSingleResult();
    }

    /** Up to {@code limit} reservations made before {@code cutoff} and not settled yet, oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> openReservationsBefore(Instant cutoff, int limit) {
        return Account.getEntityManager().createNativeQuery("""
                select reservation.prediction_id from ledger_entries reservation
                 where reservation.kind = 'reserve' and reservation.created_at < ?1
                   and not exists (select 1 from ledger_entries settlement
                                    where settlement.prediction_id = reservation.prediction_id
                                      and settlement.kind in ('confirm', 'refund'))
                 order by reservation.created_at limit ?2""")
                .setParameter(1, cutoff)
                .setParameter(2, limit)
                .getResultList();
    }

    /**
     * The backstop: refunds the prediction's reservation if it was made before {@code cutoff} and is still open.
     * Safe with several replicas and against a late outcome: under the prediction's lock, taken without waiting (a
     * holder is another replica's backstop, or an outcome being applied: either settles it), the reservation is
     * read again and refunded only if nothing settled it meanwhile. The refund is recorded with an unpublished
     * backstop_refunds row in the same transaction; {@link #publishBackstopRefund} publishes it.
     */
    @Transactional
    public Optional<Movement> refundOverdue(String predictionId, Instant cutoff) {
        if (!tryLockPrediction(predictionId)) {
            return Optional.empty();
        }
        Optional<LedgerEntry> reservation = LedgerEntry.findByPredictionAndKind(predictionId, EntryKind.RESERVE);
        if (reservation.isEmpty() || !reservation.get().createdAt().isBefore(cutoff)) {
            return Optional.empty();
        }
        Account account = Account.lock(reservation.get().userId()).orElseThrow();
        boolean settled = LedgerEntry.findByPrediction(predictionId).stream()
                .anyMatch(entry -> entry.kind() == EntryKind.CONFIRM || entry.kind() == EntryKind.REFUND);
        if (settled) {
            return Optional.empty();
        }
        long amount = reservation.get().amount();
        Instant now = now();
        account.releaseReservation(amount, now);
        LedgerEntry refund = LedgerEntry.record(account, predictionId, EntryKind.REFUND, amount, BACKSTOP, now);
        Account.getEntityManager().createNativeQuery(
                "insert into backstop_refunds (prediction_id, ledger_entry_id, refunded_at) values (?1, ?2, ?3)")
                .setParameter(1, predictionId)
                .setParameter(2, refund.id())
                .setParameter(3, now)
                .executeUpdate();
        LOG.warnf("%s: reservation of %d made at %s still open, refunded by the backstop", predictionId, amount,
                reservation.get().createdAt());
        return Optional.of(Movement.recorded(refund, false));
    }

    /**
     * Publishes one backstop refund not published yet (through {@code publish}, which returns once the broker
     * acked) and marks it published. The row stays locked meanwhile, and other replicas skip it. False when there
     * was none left; a failed publish leaves the row for the next run.
     */
    @Transactional
    public boolean publishBackstopRefund(java.util.function.Consumer<Movement> publish) {
        List<?> next = Account.getEntityManager().createNativeQuery("""
                select ledger_entry_id from backstop_refunds where published_at is null
                 order by ledger_entry_id limit 1 for update skip locked""").getResultList();
        if (next.isEmpty()) {
            return false;
        }
        long entryId = ((Number) next.get(0)).longValue();
        LedgerEntry refund = LedgerEntry.<LedgerEntry>findByIdOptional(entryId).orElseThrow();
        publish.accept(Movement.recorded(refund, false));
        Account.getEntityManager()
                .createNativeQuery("update backstop_refunds set published_at = ?1 where ledger_entry_id = ?2")
                .setParameter(1, now())
                .setParameter(2, entryId)
                .executeUpdate();
        return true;
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
