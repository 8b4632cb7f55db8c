package dev.kiln.credits.ledger;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An outcome that arrived before the reservation it settles (see V5__early_outcomes.sql). Kept until the reservation
 * comes, then applied in arrival order; kept afterwards too, so that a redelivered request knows its reservation
 * was settled with it and publishes that settlement again.
 */
@Entity
@Table(name = "early_outcomes")
public class EarlyOutcome extends PanacheEntityBase {

    @Id
    private Long id;
    private String predictionId;
    @Enumerated(EnumType.STRING)
    private Outcome outcome;
    private Instant receivedAt;

    protected EarlyOutcome() {
        // for JPA
    }

    /** Records the outcome once: a redelivered one finds its row and adds nothing. */
    static void record(String predictionId, Outcome outcome, Instant now) {
        getEntityManager().createNativeQuery("""
                insert into early_outcomes (prediction_id, outcome, received_at) values (?1, ?2, ?3)
                on conflict (prediction_id, outcome) do nothing""")
                .setParameter(1, predictionId)
                .setParameter(2, outcome.name())
                .setParameter(3, now)
                .executeUpdate();
    }

    /** The prediction's early outcomes, in the order they arrived. */
    static List<Outcome> of(String predictionId) {
        return EarlyOutcome.<EarlyOutcome>list("predictionId = ?1 order by id", predictionId).stream()
                .map(early -> early.outcome).toList();
    }
}
