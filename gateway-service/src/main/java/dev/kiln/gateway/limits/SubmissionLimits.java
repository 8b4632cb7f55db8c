package dev.kiln.gateway.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kiln.gateway.prediction.DependencyUnavailableException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The limits on a caller's submissions, kept in Redis so that every gateway replica sees the same counts. Each limit
 * is a sorted set per caller whose members are prediction ids, scored with the time at which they stop counting:
 * a sliding window for the submission rate and the anonymous quota, and an expiry for a prediction in flight, whose
 * terminal status removes it sooner ({@link InFlightRelease}). One Lua script checks every limit and counts the
 * submission in all of them, atomically and in one round trip, with Redis's clock (replicas' clocks may differ).
 * Keys share the caller as hash tag, so that the script's keys sit in one slot of a Redis cluster.
 */
@ApplicationScoped
public class SubmissionLimits {

    private static final String KEY_PREFIX = "kiln:limits:";

    /**
     * KEYS: one sorted set per limit. ARGV[1]: the submission's prediction id; then for each limit its max, its
     * window in ms and its advised wait in ms (0: until its oldest entry stops counting). Returns {admitted (1|0),
     * index of the limit reported, remaining, reset in ms}: when refused, the refusing limit with the longest wait;
     * when admitted, the limit with the fewest submissions left.
     */
    private static final String ADMIT = """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local used, oldest = {}, {}
            local refused, longestWait = 0, -1
            for i, key in ipairs(KEYS) do
              local max, advised = tonumber(ARGV[i * 3 - 1]), tonumber(ARGV[i * 3 + 1])
              redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
              used[i] = redis.call('ZCARD', key)
              local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
              if first[2] then oldest[i] = tonumber(first[2]) end
              if used[i] >= max then
                local wait = advised
                if wait == 0 then wait = (oldest[i] or now) - now end
                if wait > longestWait then refused, longestWait = i, wait end
              end
            end
            if refused > 0 then return {0, refused, 0, longestWait} end
            local nearest, fewestLeft, reset = 0, math.huge, 0
            for i, key in ipairs(KEYS) do
              local max, window, advised = tonumber(ARGV[i * 3 - 1]), tonumber(ARGV[i * 3]), tonumber(ARGV[i * 3 + 1])
              redis.call('ZADD', key, now + window, ARGV[1])
              redis.call('PEXPIRE', key, window)
              local left = max - used[i] - 1
              if left < fewestLeft then
                nearest, fewestLeft, reset = i, left, advised
                if reset == 0 then reset = (oldest[i] or (now + window)) - now end
              end
            end
            return {1, nearest, fewestLeft, reset}
            """;

    /** Takes one prediction id out of every set in KEYS. */
    private static final String WITHDRAW = """
            for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    private final LimitsConfig config;

    SubmissionLimits(ReactiveRedisDataSource redis, LimitsConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The limits that apply to a caller: everyone's, and the free quota for an anonymous caller. */
    public List<Limit> limitsOf(boolean anonymous) {
        List<Limit> limits = new ArrayList<>();
        limits.add(new Limit(Limit.Kind.RATE, config.rate().submissions(), config.rate().window(), null));
        limits.add(new Limit(Limit.Kind.IN_FLIGHT, config.inFlight().max(), config.inFlight().expiry(),
                config.inFlight().retryAfter()));
        if (anonymous) {
            limits.add(new Limit(Limit.Kind.ANONYMOUS_QUOTA, config.anonymousQuota().submissions(),
                    config.anonymousQuota().window(), null));
        }
        return limits;
    }

    /**
     * Counts the submission of {@code predictionId} against the caller's limits, or fails with
     * {@link LimitExceededException} and counts nothing.
     */
    public Uni<Admission> admit(String caller, boolean anonymous, String predictionId) {
        return admit(caller, limitsOf(anonymous), predictionId);
    }

    /** As {@link #admit(String, boolean, String)}, with the limits given (tests use small ones). */
    public Uni<Admission> admit(String caller, List<Limit> limits, String predictionId) {
        List<String> arguments = new ArrayList<>(List.of(ADMIT, Integer.toString(limits.size())));
        limits.forEach(limit -> arguments.add(key(caller, limit.kind())));
        arguments.add(predictionId);
        for (Limit limit : limits) {
            arguments.add(Integer.toString(limit.max()));
            arguments.add(Long.toString(limit.window().toMillis()));
            arguments.add(Long.toString(limit.retryAfter() == null ? 0 : Math.max(1, limit.retryAfter().toMillis())));
        }
        return redis.execute("EVAL", arguments.toArray(String[]::new))
                .onFailure().transform(e -> new DependencyUnavailableException("The limits store is unavailable.", e))
                .map(reply -> admission(reply, limits))
                .invoke(admission -> {
                    if (!admission.admitted()) {
                        throw new LimitExceededException(admission);
                    }
                });
    }

    private static Admission admission(Response reply, List<Limit> limits) {
        return new Admission(reply.get(0).toInteger() == 1, limits.get(reply.get(1).toInteger() - 1),
                Math.max(0, reply.get(2).toInteger()), Duration.ofMillis(Math.max(0, reply.get(3).toLong())));
    }

    /** Takes back an admitted submission that could not be accepted after all (Kafka or Redis failed). */
    public Uni<Void> withdraw(String caller, boolean anonymous, String predictionId) {
        List<String> keys = limitsOf(anonymous).stream().map(limit -> key(caller, limit.kind())).toList();
        List<String> arguments = new ArrayList<>(List.of(WITHDRAW, Integer.toString(keys.size())));
        arguments.addAll(keys);
        arguments.add(predictionId);
        return redis.execute("EVAL", arguments.toArray(String[]::new)).replaceWithVoid();
    }

    /** Frees the in-flight slot of a prediction that has ended; releasing twice is harmless. */
    public Uni<Void> release(String caller, String predictionId) {
        return redis.sortedSet(String.class).zrem(key(caller, Limit.Kind.IN_FLIGHT), predictionId).replaceWithVoid();
    }

    static String key(String caller, Limit.Kind kind) {
        return KEY_PREFIX + "{" + caller + "}:" + kind.keySuffix();
    }
}
