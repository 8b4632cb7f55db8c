package dev.kiln.gateway.dispatch;

import java.time.Duration;
import java.util.List;

import org.jboss.logging.Logger;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.prediction.PredictionError;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Sends the provider cancels that were requested ({@link Dispatch#requestCancel()}), until the provider answers each:
 * a cancel requested in a transaction (a user's cancel, a deadline, a create that answered after its prediction was
 * canceled) survives a failed call, a provider outage and a restart. A send first claims its row with a conditional
 * update that moves {@code cancel_next_at} ahead by the backoff ({@code FOR UPDATE SKIP LOCKED}), so that several
 * replicas never send the same cancel at once: the claim leases the row for the length of a call, and a failed
 * send moves it to after its backoff. Blocking: worker threads.
 */
@ApplicationScoped
public class ProviderCancels {

    private static final Logger LOG = Logger.getLogger(ProviderCancels.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    /** Claims due cancels for one call's length: %s narrows the choice (to one prediction, or to some owners). */
    private static final String CLAIM = """
            update dispatches d
               set cancel_attempts = d.cancel_attempts + 1,
                   cancel_next_at = now() + make_interval(secs => ?1),
                   updated_at = now()
              from (select prediction_id from dispatches
                     where cancel_requested and cancel_answered_at is null and provider_prediction_id is not null
                       and cancel_next_at <= now() %s
                     order by cancel_next_at
                     limit ?2
                     for update skip locked) due
             where d.prediction_id = due.prediction_id
            returning d.prediction_id, d.provider_prediction_id""";

    private final EntityManager database;
    private final ProviderClient provider;
    private final ProviderConfig config;
    private final GatewayConfig gateway;

    ProviderCancels(EntityManager database, ProviderClient provider, ProviderConfig config, GatewayConfig gateway) {
        this.database = database;
        this.provider = provider;
        this.config = config;
        this.gateway = gateway;
    }

    /** Sends the cancel of this prediction's job now, if one is requested, known and due; else does nothing. */
    public void sendNow(String predictionId) {
        claim("and prediction_id = ?3", 1, predictionId).forEach(this::send);
    }

    /** Every replica, every {@code kiln.provider.cancels.every}: the cancels that are due. */
    @Scheduled(every = "${kiln.provider.cancels.every:5s}", delayed = "${kiln.provider.cancels.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sendDue() {
        try {
            claim(gateway.sweepOwners().isPresent()
                    ? "and prediction_id in (select id from predictions where owner in (?3))" : "",
                    config.cancels().batch(), null).forEach(this::send);
        } catch (RuntimeException e) {
            LOG.warnf("Provider cancels not sent this round (they stay due): %s", e.getMessage());
        }
    }

    private record Due(String predictionId, String providerPredictionId) {
    }

    @SuppressWarnings("unchecked")
    private List<Due> claim(String narrowing, int limit, String predictionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = database.createNativeQuery(CLAIM.formatted(narrowing))
                    .setParameter(1, seconds(CALL_TIMEOUT.plusSeconds(30)))
                    .setParameter(2, limit);
            if (predictionId != null) {
                query.setParameter(3, predictionId);
            } else {
                gateway.sweepOwners().ifPresent(owners -> query.setParameter(3, owners));
            }
            return ((List<Object[]>) query.getResultList()).stream()
                    .map(row -> new Due((String) row[0], (String) row[1])).toList();
        });
    }

    private void send(Due due) {
        try {
            ProviderPrediction answer = provider.cancel(due.providerPredictionId()).await().atMost(CALL_TIMEOUT);
            LOG.debugf("Canceled %s at the provider (%s): %s", due.providerPredictionId(), due.predictionId(),
                    answer == null ? null : answer.status());
            markAnswered(due);
        } catch (ProviderFailedException failure) {
            if (PredictionError.PROVIDER_REJECTED.equals(failure.error().code())) {
                // 404: the provider has no such job (any more); another 4xx: another send gets the same answer.
                LOG.infof("The provider refused the cancel of %s (%s): not sent again", due.providerPredictionId(),
                        failure.getMessage());
                markAnswered(due);
            } else {
                retryLater(due, failure);
            }
        } catch (RuntimeException failure) {
            retryLater(due, failure);
        }
    }

    /** The next send after the backoff: the first one, doubling with each send, up to the maximum. */
    private void retryLater(Due due, RuntimeException failure) {
        LOG.warnf("The cancel of %s failed (%s); it is sent again after a backoff", due.providerPredictionId(),
                failure.getMessage());
        QuarkusTransaction.requiringNew().run(() -> database.createNativeQuery("""
                update dispatches
                   set cancel_next_at = now() + make_interval(secs => least(?1 * power(2, cancel_attempts - 1), ?2)),
                       updated_at = now()
                 where prediction_id = ?3""")
                .setParameter(1, seconds(config.cancels().firstBackoff()))
                .setParameter(2, seconds(config.cancels().maxBackoff()))
                .setParameter(3, due.predictionId()).executeUpdate());
    }

    private void markAnswered(Due due) {
        QuarkusTransaction.requiringNew().run(() -> database.createNativeQuery(
                "update dispatches set cancel_answered_at = now(), updated_at = now() where prediction_id = ?1")
                .setParameter(1, due.predictionId()).executeUpdate());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
