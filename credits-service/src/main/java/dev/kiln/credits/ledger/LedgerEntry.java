package dev.kiln.credits.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;

/**
 * One movement of credits, with the account's balances right after it. A prediction has at most one entry of each
 * kind (a unique index), which is what makes every redelivered event a no-op.
 */
@Entity
@Table(name = "ledger_entries")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String userId;
    private String predictionId;
    private EntryKind kind;
    private long amount;
    private String reason;
    private long availableAfter;
    private long reservedAfter;
    private Instant createdAt;
    /** Set on grants only: the key a grant can be given under once (see V3__grants_given_once.sql). */
    private String grantKey;

    protected LedgerEntry() {
        // for JPA
    }

    /** Records a movement of a prediction's credits that was just applied to the account. */
    static LedgerEntry record(Account account, String predictionId, EntryKind kind, long amount, String reason,
            Instant now) {
        return record(account, predictionId, kind, amount, reason, null, now);
    }

    /** Records a grant that was just applied to the account; the grant key's unique index refuses a second one. */
    static LedgerEntry recordGrant(Account account, String grantKey, long amount, String reason, Instant now) {
        return record(account, null, EntryKind.GRANT, amount, reason, grantKey, now);
    }

    private static LedgerEntry record(Account account, String predictionId, EntryKind kind, long amount,
            String reason, String grantKey, Instant now) {
        LedgerEntry entry = new LedgerEntry();
        entry.userId = account.userId();
        entry.predictionId = predictionId;
        entry.kind = kind;
        entry.amount = amount;
        entry.reason = reason;
        entry.availableAfter = account.available();
        entry.reservedAfter = account.reserved();
        entry.createdAt = now;
        entry.grantKey = grantKey;
        entry.persist();
        return entry;
    }

    /** The prediction's entry of that kind: there is at most one. */
    static Optional<LedgerEntry> findByPredictionAndKind(String predictionId, EntryKind kind) {
        return find("predictionId = :prediction and kind = :kind",
                Parameters.with("prediction", predictionId).and("kind", kind)).firstResultOptional();
    }

    /** The reserve or reject entry of the prediction, if its request was processed. */
    static Optional<LedgerEntry> findDecision(String predictionId) {
        return find("predictionId = :prediction and kind in :kinds", Parameters.with("prediction", predictionId)
                .and("kinds", List.of(EntryKind.RESERVE, EntryKind.REJECT))).firstResultOptional();
    }

    static Optional<LedgerEntry> findByGrantKey(String grantKey) {
        return find("grantKey", grantKey).firstResultOptional();
    }

    static List<LedgerEntry> findByPrediction(String predictionId) {
        return list("predictionId", predictionId);
    }

    /** Up to {@code limit} entries of the user older than the entry {@code beforeId}, newest first. */
    public static List<LedgerEntry> findPage(String userId, long beforeId, int limit) {
        return find("userId = :user and id < :before order by id desc",
                Parameters.with("user", userId).and("before", beforeId)).range(0, limit - 1).list();
    }

    public Long id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String predictionId() {
        return predictionId;
    }

    public EntryKind kind() {
        return kind;
    }

    public long amount() {
        return amount;
    }

    public String reason() {
        return reason;
    }

    public long availableAfter() {
        return availableAfter;
    }

    public long reservedAfter() {
        return reservedAfter;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
