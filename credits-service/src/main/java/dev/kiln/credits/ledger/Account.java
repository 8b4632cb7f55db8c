package dev.kiln.credits.ledger;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A user's credits: what they can spend ({@code available}) and what running predictions hold ({@code reserved}).
 * The arithmetic refuses any movement that would take either below zero; the table's check constraints repeat
 * the rule, and every movement happens under the account's row lock, so concurrent reservations queue up.
 */
@Entity
@Table(name = "accounts")
public class Account extends PanacheEntityBase {

    /** Anonymous callers' user ids start with this (see PredictionRequested.user_id in docs/asyncapi.yaml). */
    public static final String ANONYMOUS_PREFIX = "anonymous:";

    @Id
    private String userId;
    private long available;
    private long reserved;
    private Instant createdAt;
    private Instant updatedAt;

    protected Account() {
        // for JPA
    }

    /** An empty account, as it is before any grant. */
    public Account(String userId, Instant now) {
        this.userId = userId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The account, row-locked until the transaction ends, or empty if the user was never seen. */
    static Optional<Account> lock(String userId) {
        return findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The account, or empty if the user was never seen. */
    public static Optional<Account> findByUserId(String userId) {
        return findByIdOptional(userId);
    }

    public static boolean isAnonymous(String userId) {
        return userId.startsWith(ANONYMOUS_PREFIX);
    }

    public boolean covers(long amount) {
        return available >= positive(amount);
    }

    void grant(long amount, Instant now) {
        available = Math.addExact(available, positive(amount));
        updatedAt = now;
    }

    void reserve(long amount, Instant now) {
        if (!covers(amount)) {
            throw new IllegalStateException("cannot reserve " + amount + " of " + available + " available");
        }
        available -= amount;
        reserved = Math.addExact(reserved, amount);
        updatedAt = now;
    }

    /** The reservation is spent: the credits leave the account. */
    void confirm(long amount, Instant now) {
        takeFromReserved(amount);
        updatedAt = now;
    }

    /** The reservation goes back to available. */
    void releaseReservation(long amount, Instant now) {
        takeFromReserved(amount);
        available = Math.addExact(available, amount);
        updatedAt = now;
    }

    /** A confirmed charge is given back. */
    void refundCharge(long amount, Instant now) {
        available = Math.addExact(available, positive(amount));
        updatedAt = now;
    }

    private void takeFromReserved(long amount) {
        if (reserved < positive(amount)) {
            throw new IllegalStateException("cannot take " + amount + " from " + reserved + " reserved");
        }
        reserved -= amount;
    }

    private static long positive(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a movement of credits cannot be negative: " + amount);
        }
        return amount;
    }

    public String userId() {
        return userId;
    }

    public long available() {
        return available;
    }

    public long reserved() {
        return reserved;
    }
}
