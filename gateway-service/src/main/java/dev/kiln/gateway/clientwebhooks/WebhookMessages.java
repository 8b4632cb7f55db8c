package dev.kiln.gateway.clientwebhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hibernate.query.NativeQuery;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionChanged;
import dev.kiln.gateway.prediction.PredictionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

/**
 * The messages of callers' webhooks in PostgreSQL (tables webhook_messages, webhook_attempts,
 * webhook_disabled_endpoints): written with the change of the prediction they tell about, leased by the replica that
 * sends them, and read back as the delivery log. Blocking: worker threads only.
 */
@ApplicationScoped
public class WebhookMessages {

    private final EntityManager entities;
    private final PredictionView view;
    private final ClientWebhooksConfig config;

    WebhookMessages(EntityManager entities, PredictionView view, ClientWebhooksConfig config) {
        this.entities = entities;
        this.view = view;
        this.config = config;
    }

    /**
     * Writes the message a change of a prediction with a webhook sends, if its filter asks for it, in the
     * transaction of the change (Lifecycle fires this under the prediction's row lock, so n counts without gaps or
     * races). A prediction's logs events are at most one per {@code logs-interval}: newer logs within it replace the
     * body of the logs message not yet sent, so the newest logs always go out.
     */
    void onChange(@Observes PredictionChanged change) {
        Prediction after = change.after();
        if (after.webhook() == null) {
            return;
        }
        Optional<WebhookEvent> event = WebhookEvent.of(change.before(), after, after.webhookEventsFilter());
        if (event.isEmpty()) {
            return;
        }
        String body = view.toJson(after);
        Instant due = Instant.now();
        if (event.get() == WebhookEvent.LOGS) {
            List<?> last = entities.createNativeQuery("select n, state, attempts, in_flight, created_at"
                    + " from webhook_messages where prediction_id = ?1 and event = 'logs' order by n desc limit 1")
                    .setParameter(1, after.id()).getResultList();
            if (!last.isEmpty()) {
                Object[] row = (Object[]) last.get(0);
                Instant lastCreated = instant(row[4]);
                boolean unsent = "pending".equals(row[1]) && ((Number) row[2]).intValue() == 0
                        && !Boolean.TRUE.equals(row[3]);
                if (unsent && lastCreated.plus(config.logsInterval()).isAfter(due)) {
                    entities.createNativeQuery("update webhook_messages set body = ?3, updated_at = now()"
                            + " where prediction_id = ?1 and n = ?2")
                            .setParameter(1, after.id()).setParameter(2, ((Number) row[0]).intValue())
                            .setParameter(3, body).executeUpdate();
                    return;
                }
                Instant earliest = lastCreated.plus(config.logsInterval());
                due = earliest.isAfter(due) ? earliest : due;
            }
        }
        insert(after, event.get(), body, due);
    }

    private void insert(Prediction prediction, WebhookEvent event, String body, Instant due) {
        int n = ((Number) entities.createNativeQuery(
                "select coalesce(max(n), 0) + 1 from webhook_messages where prediction_id = ?1")
                .setParameter(1, prediction.id()).getSingleResult()).intValue();
        Optional<String> disabled = disabledReason(prediction.owner(), prediction.webhook());
        Query insert = entities.createNativeQuery("insert into webhook_messages (prediction_id, n, owner, url,"
                + " event, webhook_id, body, state, next_attempt_at, note, delivery_pool, created_at)"
                + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        nullable(insert, 9, disabled.isPresent() ? null : Timestamp.from(due), Timestamp.class);
        nullable(insert, 10, disabled.orElse(null), String.class);
        insert.setParameter(1, prediction.id()).setParameter(2, n).setParameter(3, prediction.owner())
                .setParameter(4, prediction.webhook()).setParameter(5, event.wireName())
                .setParameter(6, webhookId(prediction.id(), n)).setParameter(7, body)
                .setParameter(8, disabled.isPresent() ? "disabled" : "pending")
                .setParameter(11, config.deliveryPool())
                .setParameter(12, Timestamp.from(Instant.now()))
                .executeUpdate();
    }

    /** Stable across every attempt and redelivery of the message, as Standard Webhooks asks. */
    static String webhookId(String predictionId, int n) {
        return "msg_" + predictionId + "_" + n;
    }

    private Optional<String> disabledReason(String owner, String url) {
        List<?> found = entities.createNativeQuery("select disabled_at, reason from webhook_disabled_endpoints"
                + " where owner = ?1 and url = ?2").setParameter(1, owner).setParameter(2, url).getResultList();
        return found.stream().findFirst().map(row -> notSent(instant(((Object[]) row)[0]), (String) ((Object[]) row)[1]));
    }

    private static String notSent(Instant disabledAt, String reason) {
        return "not sent: the endpoint is disabled since " + disabledAt + " (" + reason + ")";
    }

    /** A message leased for sending: everything an attempt needs. */
    record Due(String predictionId, int n, String owner, String url, String webhookId, String body, int attempts,
            boolean redelivery) {

        int attempt() {
            return attempts + 1;
        }
    }

    /**
     * Takes up to {@code limit} due messages of this delivery pool that no other replica holds, and leases those
     * that {@code admit} takes (their next attempt moves to after the lease, so that a replica that dies sending
     * leaves them to the others); messages to a disabled endpoint are marked so instead, unless redelivered.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    List<Due> lease(int limit, java.util.function.Predicate<Due> admit) {
        List<?> rows = entities.createNativeQuery("select m.prediction_id, m.n, m.owner, m.url, m.webhook_id,"
                + " m.body, m.attempts, m.redelivery, d.disabled_at, d.reason from webhook_messages m"
                + " left join webhook_disabled_endpoints d on d.owner = m.owner and d.url = m.url"
                + " where m.delivery_pool = ?1 and m.state = 'pending' and m.next_attempt_at <= now()"
                + " order by m.next_attempt_at limit ?2 for update of m skip locked")
                .setParameter(1, config.deliveryPool()).setParameter(2, limit).getResultList();
        List<Due> leased = new ArrayList<>();
        Timestamp leaseEnd = Timestamp.from(Instant.now().plus(config.timeout()).plusSeconds(30));
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            Due due = new Due((String) row[0], ((Number) row[1]).intValue(), (String) row[2], (String) row[3],
                    (String) row[4], (String) row[5], ((Number) row[6]).intValue(), Boolean.TRUE.equals(row[7]));
            if (row[8] != null && !due.redelivery()) {
                finish(due, "disabled", null, notSent(instant(row[8]), (String) row[9]));
            } else if (admit.test(due)) {
                entities.createNativeQuery("update webhook_messages set next_attempt_at = ?3, in_flight = true"
                        + " where prediction_id = ?1 and n = ?2")
                        .setParameter(1, due.predictionId()).setParameter(2, due.n()).setParameter(3, leaseEnd)
                        .executeUpdate();
                leased.add(due);
            }
        }
        return leased;
    }

    /** What an attempt came to, as the delivery log shows it. */
    record Attempt(Instant at, Integer statusCode, long latencyMs, String error) {
    }

    /**
     * Records an attempt and what follows it: {@code state} pending with the next attempt's time, delivered, failed
     * or disabled (a 410: the endpoint is disabled, and its other pending messages with it).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void recordAttempt(Due due, Attempt attempt, String state, Instant nextAttemptAt, String note) {
        Query insert = entities.createNativeQuery("insert into webhook_attempts (prediction_id, n, attempt,"
                + " attempted_at, status_code, latency_ms, error) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                + " on conflict (prediction_id, n, attempt) do nothing");
        nullable(insert, 5, attempt.statusCode(), Integer.class);
        nullable(insert, 7, attempt.error(), String.class);
        insert.setParameter(1, due.predictionId()).setParameter(2, due.n()).setParameter(3, due.attempt())
                .setParameter(4, Timestamp.from(attempt.at()))
                .setParameter(6, (int) Math.min(Integer.MAX_VALUE, attempt.latencyMs()))
                .executeUpdate();
        entities.createNativeQuery("update webhook_messages set attempts = greatest(attempts, ?3) where"
                + " prediction_id = ?1 and n = ?2").setParameter(1, due.predictionId()).setParameter(2, due.n())
                .setParameter(3, due.attempt()).executeUpdate();
        if ("disabled".equals(state)) {
            String reason = "it answered 410 Gone to " + due.webhookId() + " at " + attempt.at();
            entities.createNativeQuery("insert into webhook_disabled_endpoints (owner, url, disabled_at, reason)"
                    + " values (?1, ?2, ?3, ?4) on conflict (owner, url) do nothing")
                    .setParameter(1, due.owner()).setParameter(2, due.url())
                    .setParameter(3, Timestamp.from(attempt.at())).setParameter(4, reason).executeUpdate();
            entities.createNativeQuery("update webhook_messages set state = 'disabled', next_attempt_at = null,"
                    + " note = ?3, updated_at = now() where owner = ?1 and url = ?2 and state = 'pending'"
                    + " and not in_flight")
                    .setParameter(1, due.owner()).setParameter(2, due.url())
                    .setParameter(3, notSent(attempt.at(), reason)).executeUpdate();
        } else if ("delivered".equals(state) && due.redelivery()) {
            // The caller asked for this one and their endpoint took it: it is alive again.
            entities.createNativeQuery("delete from webhook_disabled_endpoints where owner = ?1 and url = ?2")
                    .setParameter(1, due.owner()).setParameter(2, due.url()).executeUpdate();
        }
        finish(due, state, nextAttemptAt, note);
    }

    private void finish(Due due, String state, Instant nextAttemptAt, String note) {
        Query update = entities.createNativeQuery("update webhook_messages set state = ?3, next_attempt_at = ?4,"
                + " note = ?5, redelivery = false, in_flight = false, updated_at = now()"
                + " where prediction_id = ?1 and n = ?2");
        nullable(update, 4, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), Timestamp.class);
        nullable(update, 5, note, String.class);
        update.setParameter(1, due.predictionId()).setParameter(2, due.n()).setParameter(3, state).executeUpdate();
    }

    /** One message of the delivery log, with its attempts, oldest first. */
    public record Message(int n, String event, String webhookId, String state, Instant createdAt,
            Instant nextAttemptAt, String note, List<AttemptView> attempts) {
    }

    public record AttemptView(int attempt, Instant attemptedAt, Integer statusCode, Integer latencyMs,
            String error) {
    }

    /** The prediction's messages, oldest first, each with its attempts. */
    @Transactional
    public List<Message> log(String predictionId) {
        Map<Integer, List<AttemptView>> attempts = new LinkedHashMap<>();
        for (Object r : entities.createNativeQuery("select n, attempt, attempted_at, status_code, latency_ms, error"
                + " from webhook_attempts where prediction_id = ?1 order by n, attempt")
                .setParameter(1, predictionId).getResultList()) {
            Object[] row = (Object[]) r;
            attempts.computeIfAbsent(((Number) row[0]).intValue(), n -> new ArrayList<>()).add(new AttemptView(
                    ((Number) row[1]).intValue(), instant(row[2]), row[3] == null ? null : ((Number) row[3]).intValue(),
                    row[4] == null ? null : ((Number) row[4]).intValue(), (String) row[5]));
        }
        List<Message> messages = new ArrayList<>();
        for (Object r : entities.createNativeQuery("select n, event, webhook_id, state, created_at, next_attempt_at,"
                + " note from webhook_messages where prediction_id = ?1 order by n")
                .setParameter(1, predictionId).getResultList()) {
            Object[] row = (Object[]) r;
            int n = ((Number) row[0]).intValue();
            messages.add(new Message(n, (String) row[1], (String) row[2], (String) row[3], instant(row[4]),
                    row[5] == null ? null : instant(row[5]), (String) row[6], attempts.getOrDefault(n, List.of())));
        }
        return messages;
    }

    /**
     * Sends message n of the prediction once more, at once, with the same webhook-id (a new timestamp and
     * signature): one attempt, whatever its state was, also to an endpoint disabled by a 410. False if there is no
     * such message.
     */
    @Transactional
    public boolean redeliver(String predictionId, int n) {
        return entities.createNativeQuery("update webhook_messages set state = 'pending', next_attempt_at = now(),"
                + " redelivery = true, note = null, delivery_pool = ?3, updated_at = now()"
                + " where prediction_id = ?1 and n = ?2")
                .setParameter(1, predictionId).setParameter(2, n).setParameter(3, config.deliveryPool())
                .executeUpdate() == 1;
    }

    /** Binds a value that may be null with its type, which PostgreSQL could not tell from a bare null. */
    @SuppressWarnings("unchecked")
    private static <T> void nullable(Query query, int position, T value, Class<T> type) {
        query.unwrap(NativeQuery.class).setParameter(position, value, type);
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("Not a time: " + value);
    }
}
