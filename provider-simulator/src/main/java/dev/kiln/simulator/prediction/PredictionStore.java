package dev.kiln.simulator.prediction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/** The predictions in memory, by id and in creation order (for the newest-first list). */
@ApplicationScoped
public class PredictionStore {

    private final Map<String, Prediction> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Prediction> bySequence = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void add(Prediction prediction) {
        byId.put(prediction.id(), prediction);
        bySequence.put(prediction.sequence(), prediction);
    }

    public Optional<Prediction> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    /** A page of predictions, newest first, older than the given position (null: from the newest). */
    public Page findOlderThan(Long position, int size) {
        NavigableMap<Long, Prediction> older = position == null
                ? bySequence.descendingMap()
                : bySequence.headMap(position, false).descendingMap();
        List<Prediction> results = take(older, size);
        return page(results);
    }

    /** A page of predictions, newest first, just newer than the given position. */
    public Page findNewerThan(long position, int size) {
        List<Prediction> results = take(bySequence.tailMap(position, false), size);
        Collections.reverse(results);
        return page(results);
    }

    private Page page(List<Prediction> results) {
        if (results.isEmpty()) {
            return new Page(results, null, null);
        }
        long newest = results.get(0).sequence();
        long oldest = results.get(results.size() - 1).sequence();
        Long next = bySequence.headMap(oldest, false).isEmpty() ? null : oldest;
        Long previous = bySequence.tailMap(newest, false).isEmpty() ? null : newest;
        return new Page(results, next, previous);
    }

    private static List<Prediction> take(NavigableMap<Long, Prediction> map, int size) {
        List<Prediction> results = new ArrayList<>(size);
        Iterator<Prediction> it = map.values().iterator();
        while (it.hasNext() && results.size() < size) {
            results.add(it.next());
        }
        return results;
    }

    /** Removes the data of predictions that finished before the cutoff; answers those it changed. */
    public List<Prediction> removeDataFinishedBefore(Instant cutoff) {
        List<Prediction> changed = new ArrayList<>();
        for (Prediction prediction : bySequence.values()) {
            Instant completedAt = prediction.completedAt();
            if (completedAt != null && completedAt.isBefore(cutoff) && prediction.removeData()) {
                changed.add(prediction);
            }
        }
        return changed;
    }

    /** Forgets the oldest finished predictions until at most max remain; answers those forgotten. */
    public List<Prediction> forgetBeyond(int max) {
        List<Prediction> forgotten = new ArrayList<>();
        Iterator<Prediction> oldestFirst = bySequence.values().iterator();
        while (byId.size() > max && oldestFirst.hasNext()) {
            Prediction prediction = oldestFirst.next();
            if (prediction.status().isTerminal()) {
                oldestFirst.remove();
                byId.remove(prediction.id());
                forgotten.add(prediction);
            }
        }
        return forgotten;
    }

    /**
     * Results newest first; next and previous are positions for the following (older) and preceding (newer)
     * pages, null when there is none.
     */
    public record Page(List<Prediction> results, Long next, Long previous) {
    }
}
