package dev.kiln.gateway.eta;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionEnded;
import dev.kiln.gateway.prediction.PredictionStatus;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.tasks.TaskCatalog;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Each mode's recent run times, and the eta they give a prediction. When a prediction succeeds, two samples go to
 * Redis (so that every replica shares them): its wait (submit to the provider starting it: the queue, the
 * reservation, the dispatch) and its run (the provider starting it to its succeeded status, our copy of the outputs
 * included), each a list of the latest {@code kiln.gateway.eta.window}. Every {@code kiln.gateway.eta.refresh} each
 * replica reads them again and keeps the percentile of each in memory, so that no read or write of a prediction waits
 * for them. Until a mode has {@code kiln.gateway.eta.min-samples}, its run is its configured estimate and its wait 0.
 */
@ApplicationScoped
public class RunTimes {

    private static final Logger LOG = Logger.getLogger(RunTimes.class);

    /** Prepends each sample (ARGV) to its list (KEYS) and keeps the latest ARGV[#KEYS + 1] of each. */
    private static final String RECORD = """
            for i, key in ipairs(KEYS) do
              redis.call('LPUSH', key, ARGV[i])
              redis.call('LTRIM', key, 0, tonumber(ARGV[#KEYS + 1]) - 1)
            end
            return 0
            """;

    /**
     * What a mode is expected to take: the wait from submit until the provider starts it, the run from then; and
     * whether they were measured (false: the configured estimate).
     */
    public record Expected(Duration beforeStart, Duration run, boolean measured) {
    }

    private final ReactiveRedisDataSource redis;
    private final StatusStore statuses;
    private final TaskCatalog catalog;
    private final EtaConfig config;
    /** task/mode → what it is expected to take, from the last refresh; absent: not enough samples yet. */
    private volatile Map<String, Expected> measured = Map.of();

    RunTimes(ReactiveRedisDataSource redis, StatusStore statuses, TaskCatalog catalog, EtaConfig config) {
        this.redis = redis;
        this.statuses = statuses;
        this.catalog = catalog;
        this.config = config;
    }

    /** What the mode is expected to take: measured, or its estimate when there are too few samples. */
    public Expected expected(String task, String mode, int estimatedSeconds) {
        Expected found = measured.get(task + "/" + mode);
        return found != null ? found : new Expected(Duration.ZERO, Duration.ofSeconds(estimatedSeconds), false);
    }

    /**
     * When the prediction is expected to be complete: once started, its start plus the mode's run; before, its submit
     * plus the mode's wait and run. Null once it has ended. Earlier than now when it is running late.
     */
    public Instant eta(String task, String mode, int estimatedSeconds, PredictionStatus status, Instant createdAt,
            Instant startedAt) {
        if (status == null || status.isTerminal() || createdAt == null) {
            return null;
        }
        Expected expected = expected(task, mode, estimatedSeconds);
        return startedAt != null ? startedAt.plus(expected.run())
                : createdAt.plus(expected.beforeStart()).plus(expected.run());
    }

    public Instant eta(Prediction prediction) {
        return eta(prediction.task(), prediction.mode(), prediction.estimatedSeconds(), prediction.status(),
                prediction.createdAt(), prediction.startedAt());
    }

    /** Records one succeeded prediction's wait and run for its mode. */
    public Uni<Void> record(String task, String mode, Duration wait, Duration run) {
        return redis.execute("EVAL", RECORD, "2", key(task, mode, "wait"), key(task, mode, "run"),
                Long.toString(Math.max(0, wait.toMillis())), Long.toString(Math.max(0, run.toMillis())),
                Integer.toString(config.window())).replaceWithVoid();
    }

    void recordSucceeded(@Observes PredictionEnded ended) {
        if (ended.status() != PredictionStatus.SUCCEEDED) {
            return; // a failure or a cancel says nothing about how long a run takes
        }
        Instant endedAt = Instant.now();
        statuses.find(ended.id())
                .chain(found -> found.filter(prediction -> prediction.startedAt() != null)
                        .map(prediction -> record(prediction.task(), prediction.mode(),
                                Duration.between(prediction.createdAt(), prediction.startedAt()),
                                Duration.between(prediction.startedAt(), endedAt)))
                        .orElseGet(() -> Uni.createFrom().voidItem()))
                .subscribe().with(recorded -> {
                }, failure -> LOG.debugf("No run time recorded for %s: %s", ended.id(), failure.getMessage()));
    }

    /** Reads every mode's samples again and keeps their percentiles; a failure keeps the last ones. */
    @Scheduled(every = "${kiln.gateway.eta.refresh:5s}", delayed = "1s")
    public Uni<Void> refresh() {
        List<String[]> modes = new ArrayList<>();
        catalog.tasks().forEach((task, definition) -> definition.modes().keySet()
                .forEach(mode -> modes.add(new String[] {task, mode})));
        List<Uni<Map.Entry<String, Expected>>> reads = modes.stream().map(this::read).toList();
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(reads).andCollectFailures().invoke(entries -> {
            Map<String, Expected> next = new HashMap<>();
            entries.stream().filter(entry -> entry.getValue() != null)
                    .forEach(entry -> next.put(entry.getKey(), entry.getValue()));
            measured = Map.copyOf(next);
        }).onFailure().invoke(failure -> LOG.debugf("Run times not read: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Map.Entry<String, Expected>> read(String[] mode) {
        var lists = redis.list(String.class);
        return Uni.combine().all().unis(lists.lrange(key(mode[0], mode[1], "wait"), 0, -1),
                lists.lrange(key(mode[0], mode[1], "run"), 0, -1)).asTuple()
                .map(samples -> {
                    List<Long> waits = millis(samples.getItem1());
                    List<Long> runs = millis(samples.getItem2());
                    Expected expected = runs.size() < config.minSamples() ? null
                            : new Expected(Duration.ofMillis(waits.isEmpty() ? 0 : percentile(waits)),
                                    Duration.ofMillis(percentile(runs)), true);
                    return new HashMap.SimpleEntry<>(mode[0] + "/" + mode[1], expected);
                });
    }

    private static List<Long> millis(List<String> samples) {
        List<Long> values = new ArrayList<>();
        for (String sample : samples) {
            try {
                values.add(Long.parseLong(sample));
            } catch (NumberFormatException unreadable) {
                // not one of ours: left out
            }
        }
        return values;
    }

    /** The nearest-rank percentile: the smallest sample that at least that share of the samples do not exceed. */
    long percentile(List<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(config.percentile() / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }

    private String key(String task, String mode, String kind) {
        // One hash tag per mode: both of its lists sit in one slot of a Redis cluster, as RECORD needs.
        return config.keyPrefix() + "{" + task + "/" + mode + "}:" + kind;
    }
}
