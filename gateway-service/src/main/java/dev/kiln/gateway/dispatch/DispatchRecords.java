package dev.kiln.gateway.dispatch;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The dispatches table. Callers hold the transaction (and the prediction's row lock). */
@ApplicationScoped
public class DispatchRecords {

    private final EntityManager entities;

    DispatchRecords(EntityManager entities) {
        this.entities = entities;
    }

    public Optional<Dispatch> find(String predictionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entities.createNativeQuery("""
                select prediction_id, provider, attempt, state, cancel_requested, provider_prediction_id
                from dispatches where prediction_id = ?1
                """).setParameter(1, predictionId).getResultList();
        return rows.stream().findFirst().map(row -> new Dispatch((String) row[0], (String) row[1],
                ((Number) row[2]).intValue(), Dispatch.State.valueOf(((String) row[3]).toUpperCase()),
                (Boolean) row[4], (String) row[5]));
    }

    public void begin(String predictionId, String provider, int attempt) {
        entities.createNativeQuery("""
                insert into dispatches (prediction_id, provider, attempt, state) values (?1, ?2, ?3, 'creating')
                on conflict (prediction_id) do update
                    set attempt = excluded.attempt, state = 'creating', updated_at = now()
                """).setParameter(1, predictionId).setParameter(2, provider).setParameter(3, attempt)
                .executeUpdate();
    }

    public void cancelBeforeDispatch(String predictionId, String provider) {
        entities.createNativeQuery("""
                insert into dispatches (prediction_id, provider, attempt, state) values (?1, ?2, 0, 'canceled')
                on conflict (prediction_id) do update set state = 'canceled', updated_at = now()
                """).setParameter(1, predictionId).setParameter(2, provider).executeUpdate();
    }

    public void requestCancel(String predictionId) {
        entities.createNativeQuery("""
                update dispatches set cancel_requested = true, updated_at = now() where prediction_id = ?1
                """).setParameter(1, predictionId).executeUpdate();
    }

    public void created(String predictionId, String providerPredictionId) {
        entities.createNativeQuery("""
                update dispatches set state = 'created', provider_prediction_id = ?2, updated_at = now()
                where prediction_id = ?1
                """).setParameter(1, predictionId).setParameter(2, providerPredictionId).executeUpdate();
    }

    public void failed(String predictionId, String errorCode) {
        entities.createNativeQuery("""
                update dispatches set state = 'failed', error_code = ?2, updated_at = now() where prediction_id = ?1
                """).setParameter(1, predictionId).setParameter(2, errorCode).executeUpdate();
    }
}
