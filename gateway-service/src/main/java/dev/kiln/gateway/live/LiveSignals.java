package dev.kiln.gateway.live;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.kiln.gateway.events.Channels;
import dev.kiln.gateway.prediction.StatusWritten;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells this replica's open streams that something happened to their prediction. Every replica reads the status
 * topics with a consumer group of its own (a new one at each start, from the latest offsets), so each one sees every
 * record, whichever replica processes it: a client's stream follows its prediction on whatever replica serves it.
 * A record only says "look again": what changed is read from the prediction's history in Redis (LiveStatus). The
 * replica that writes a change also tells its own streams at once ({@link StatusWritten}): its record may reach them
 * before the change is written, and then they would look again only after the catch-up delay.
 */
@ApplicationScoped
public class LiveSignals {

    private final Map<String, Set<MultiEmitter<? super String>>> watchers = new ConcurrentHashMap<>();

    /**
     * An item each time a record about the prediction arrives, until cancelled. A slow reader gets the latest only:
     * one more look at the history covers any number of records.
     */
    public Multi<String> of(String predictionId) {
        return Multi.createFrom().emitter(emitter -> {
            watchers.compute(predictionId, (id, set) -> {
                Set<MultiEmitter<? super String>> watching = set != null ? set : ConcurrentHashMap.newKeySet();
                watching.add(emitter);
                return watching;
            });
            emitter.onTermination(() -> watchers.computeIfPresent(predictionId, (id, set) -> {
                set.remove(emitter);
                return set.isEmpty() ? null : set;
            }));
        }, BackPressureStrategy.LATEST);
    }

    /** How many predictions this replica's open streams and waits follow. */
    public int watched() {
        return watchers.size();
    }

    @Incoming(Channels.PREDICTION_PROGRESSED_LIVE)
    public void progressed(ConsumerRecord<String, byte[]> record) {
        signal(record.key());
    }

    @Incoming(Channels.PREDICTION_COMPLETED_LIVE)
    public void completed(ConsumerRecord<String, byte[]> record) {
        signal(record.key());
    }

    @Incoming(Channels.PREDICTION_STORED_LIVE)
    public void stored(ConsumerRecord<String, byte[]> record) {
        signal(record.key());
    }

    /** This replica wrote a change: its streams look now, not when the change's record comes back from Kafka. */
    void written(@Observes StatusWritten written) {
        signal(written.predictionId());
    }

    void signal(String predictionId) {
        if (predictionId == null) {
            return;
        }
        Set<MultiEmitter<? super String>> watching = watchers.get(predictionId);
        if (watching != null) {
            watching.forEach(emitter -> emitter.emit(predictionId));
        }
    }
}
