package dev.kiln.gateway.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.prediction.StatusStore.HistoryEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A prediction's changes as they happen, for any number of clients on any replica, without a thread per client:
 * the prediction's history in Redis (written with each status, StatusStore) is the source of every event, and is
 * read again when a Kafka record about the prediction arrives (LiveSignals), at each keep-alive, and once at the
 * start. One reader per stream and a cursor (the last entry sent) make every change arrive once and in order; a
 * client that reconnects with Last-Event-ID starts after the entry it names.
 */
@ApplicationScoped
public class LiveStatus {

    private static final Logger LOG = Logger.getLogger(LiveStatus.class);
    private static final int PAGE = 100;
    /** Follows the terminal event: the stream ends there. */
    private static final LiveEvent END = new LiveEvent(null, "end", null);

    private enum Trigger { OPENED, RECORD, KEEP_ALIVE }

    private final StatusStore statuses;
    private final LiveSignals signals;
    private final LiveConfig config;
    private final ObjectMapper json;

    LiveStatus(StatusStore statuses, LiveSignals signals, LiveConfig config, ObjectMapper json) {
        this.statuses = statuses;
        this.signals = signals;
        this.config = config;
        this.json = json;
    }

    /**
     * The prediction's changes after {@code lastEventId} (all of them when null), then each change as it happens,
     * with keep-alives between, until the terminal event, which is the last. {@code currentJson} is the prediction
     * as the caller was allowed to read it: sent as it is when Redis has no history for it.
     */
    public Multi<LiveEvent> follow(String predictionId, String lastEventId, String currentJson) {
        AtomicReference<String> cursor = new AtomicReference<>(lastEventId);
        Multi<Trigger> triggers = Multi.createBy().merging().streams(
                Multi.createFrom().item(Trigger.OPENED),
                signals.of(predictionId).map(signal -> Trigger.RECORD),
                Multi.createFrom().ticks().every(config.keepAlive()).onOverflow().drop()
                        .map(tick -> Trigger.KEEP_ALIVE));
        return triggers
                .onItem().transformToMultiAndConcatenate(trigger -> switch (trigger) {
                    case OPENED -> opened(predictionId, cursor, currentJson);
                    case RECORD -> changesSoon(predictionId, cursor, config.catchUpReads());
                    case KEEP_ALIVE -> changes(predictionId, cursor).onCompletion()
                            .continueWith(LiveEvent.KEEP_ALIVE);
                })
                .select().first(event -> event != END);
    }

    /**
     * Completes when the prediction reaches a terminal status, or with nothing after {@code timeout}; either way
     * nothing waits on a thread meanwhile.
     */
    public Uni<Void> ended(String predictionId, String currentJson, Duration timeout) {
        return follow(predictionId, null, currentJson)
                .select().where(LiveEvent::isDone)
                .toUni()
                .ifNoItem().after(timeout).recoverWithItem((LiveEvent) null)
                .replaceWithVoid();
    }

    private Multi<LiveEvent> opened(String predictionId, AtomicReference<String> cursor, String currentJson) {
        boolean resumed = cursor.get() != null;
        return readAll(predictionId, cursor.get())
                .onFailure().recoverWithItem(redisFailed -> {
                    LOG.debugf("History of %s unreadable, Redis failed: %s", predictionId, redisFailed.getMessage());
                    return null;
                })
                .onItem().transformToMulti(entries -> {
                    boolean terminal = isTerminal(currentJson);
                    if (entries == null || (entries.isEmpty() && !resumed)) {
                        // No history (Redis failing, or gone): the prediction as it is now, with no id to resume from.
                        LiveEvent now = new LiveEvent(null, terminal ? LiveEvent.DONE : LiveEvent.STATUS, currentJson);
                        return Multi.createFrom().iterable(terminal ? List.of(now, END) : List.of(now));
                    }
                    if (entries.isEmpty() && terminal) {
                        return Multi.createFrom().item(END); // resumed after the terminal event: nothing more
                    }
                    return Multi.createFrom().iterable(sent(entries, cursor));
                });
    }

    /** The changes since the cursor; none when Redis fails (the next look tries again). */
    private Multi<LiveEvent> changes(String predictionId, AtomicReference<String> cursor) {
        return readAll(predictionId, cursor.get())
                .onFailure().recoverWithItem(redisFailed -> List.of())
                .onItem().transformToMulti(entries -> Multi.createFrom().iterable(sent(entries, cursor)));
    }

    /** After a Kafka record: the change it causes may not be written yet, so look a few times until one shows. */
    private Multi<LiveEvent> changesSoon(String predictionId, AtomicReference<String> cursor, int readsLeft) {
        return readAll(predictionId, cursor.get())
                .onFailure().recoverWithItem(redisFailed -> List.of())
                .onItem().transformToMulti(entries -> {
                    if (entries.isEmpty() && readsLeft > 1) {
                        return Uni.createFrom().voidItem().onItem().delayIt().by(config.catchUpDelay())
                                .onItem().transformToMulti(nothing -> changesSoon(predictionId, cursor, readsLeft - 1));
                    }
                    return Multi.createFrom().iterable(sent(entries, cursor));
                });
    }

    /** Every entry after {@code afterId}, page by page. */
    private Uni<List<HistoryEntry>> readAll(String predictionId, String afterId) {
        return statuses.historyAfter(predictionId, afterId, PAGE).chain(page -> {
            if (page.size() < PAGE) {
                return Uni.createFrom().item(page);
            }
            return readAll(predictionId, page.get(page.size() - 1).id()).map(rest -> {
                List<HistoryEntry> all = new ArrayList<>(page);
                all.addAll(rest);
                return all;
            });
        });
    }

    /** The entries as events, up to and including a terminal one (then END); moves the cursor past them. */
    private static List<LiveEvent> sent(List<HistoryEntry> entries, AtomicReference<String> cursor) {
        List<LiveEvent> events = new ArrayList<>();
        for (HistoryEntry entry : entries) {
            cursor.set(entry.id());
            events.add(new LiveEvent(entry.id(), entry.event(), entry.json()));
            if (entry.isTerminal()) {
                events.add(END);
                break;
            }
        }
        return events;
    }

    private boolean isTerminal(String predictionJson) {
        try {
            return PredictionStatus.fromWireName(json.readTree(predictionJson).path("status").asText()).isTerminal();
        } catch (Exception unreadable) {
            return false;
        }
    }
}
