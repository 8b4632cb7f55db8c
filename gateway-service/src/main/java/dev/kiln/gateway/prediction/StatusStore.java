package dev.kiln.gateway.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.GatewayConfig;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The status read model: one Redis hash per prediction with a TTL, holding the public JSON ready to serve (so a
 * status read is one HGET and no serialisation) and the full record (so that the event consumers can rebuild the
 * durable record from it). Writes carry the prediction's version and a newer write always wins, whatever order
 * concurrent writers reach Redis in. The owner has a field of its own, so that a status read can check who may see
 * it without parsing the record.
 * <p>
 * Each write that wins also appends the public JSON to the prediction's history, a Redis stream with the status's TTL (an hour once ended)
 * ({@code kiln:prediction-history:{id}}), in the same script: the live status stream
 * ({@code GET /v1/predictions/{id}/events}) replays it, and a client resuming with {@code Last-Event-ID} (a stream
 * entry id) misses nothing, whichever replica wrote the change and whichever serves the client.
 * <p>
 * The predictions waiting for dispatch (accepted, not yet created at the provider) are a sorted set scored by their
 * submit time ({@code kiln.gateway.dispatch-queue.key}): a submit's write adds its prediction in the same script, and
 * the prediction leaves it when the provider has its job ({@link #leaveDispatchQueue}) or with any write of another
 * status. A prediction's {@code queue_position} is its rank there: how many accepted before it still wait.
 */
@ApplicationScoped
public class StatusStore {

    private static final String KEY_PREFIX = "kiln:prediction:";

    /** Not under KEY_PREFIX: whatever scans the status hashes (kiln:prediction:*) meets hashes only. */
    private static final String HISTORY_PREFIX = "kiln:prediction-history:";

    /**
     * Writes only when the stored version is older, refreshes the TTL, and appends the change to the history, named
     * after what it is: {@code done} for a terminal status, {@code status} for a new status, {@code progress} for
     * new logs or progress in the same status. A submit's write (ARGV[10] "1") puts the prediction into the dispatch
     * queue; a write of any status but starting takes it out. KEYS: the hash, the history, the dispatch queue. ARGV:
     * version, record, public JSON, TTL in seconds, owner, status, "1" if terminal, the history's length, the
     * history's TTL once terminal, "1" if submitted, the submit time in ms, the time in ms before which queue entries
     * are forgotten, the prediction id. Returns {1 if written else 0, the queue position or -1}.
     */
    private static final String PUT_IF_NEWER = """
            local function position()
              if ARGV[10] ~= '1' then return -1 end
              return redis.call('ZRANK', KEYS[3], ARGV[13]) or -1
            end
            local current = redis.call('HMGET', KEYS[1], 'v', 'status')
            if current[1] and tonumber(current[1]) >= tonumber(ARGV[1]) then return {0, position()} end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'record', ARGV[2], 'body', ARGV[3], 'owner', ARGV[5],
                'status', ARGV[6])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            local event = 'progress'
            if ARGV[7] == '1' then event = 'done' elseif current[2] ~= ARGV[6] then event = 'status' end
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*', 'event', event, 'data', ARGV[3])
            if ARGV[7] == '1' then redis.call('EXPIRE', KEYS[2], ARGV[9]) else redis.call('EXPIRE', KEYS[2], ARGV[4]) end
            if ARGV[6] ~= 'starting' then
              redis.call('ZREM', KEYS[3], ARGV[13])
            elseif ARGV[10] == '1' then
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[12])
              redis.call('ZADD', KEYS[3], 'NX', ARGV[11], ARGV[13])
            end
            return {1, position()}
            """;

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final PredictionView view;
    private final GatewayConfig config;

    StatusStore(ReactiveRedisDataSource redis, ObjectMapper json, PredictionView view, GatewayConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.json = json;
        this.view = view;
        this.config = config;
    }

    public Uni<Void> put(Prediction prediction) {
        return write(prediction, false).replaceWithVoid();
    }

    /**
     * Writes a prediction just submitted, and puts it into the dispatch queue in the same round trip: its position
     * there (how many wait before it), or empty when it is not waiting (it moved on meanwhile).
     */
    public Uni<Optional<Integer>> putSubmitted(Prediction prediction) {
        return write(prediction, true).map(reply -> {
            int position = reply.get(1).toInteger();
            return position < 0 ? Optional.<Integer>empty() : Optional.of(position);
        });
    }

    private Uni<Response> write(Prediction prediction, boolean submitted) {
        String record;
        String body;
        try {
            record = json.writeValueAsString(prediction);
            body = view.toJson(prediction);
        } catch (JsonProcessingException | RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        long submittedAt = prediction.createdAt() == null ? System.currentTimeMillis()
                : prediction.createdAt().toEpochMilli();
        return redis.execute("EVAL", PUT_IF_NEWER, "3", key(prediction.id()), historyKey(prediction.id()),
                queueKey(), Long.toString(prediction.version()), record, body,
                Long.toString(config.statusTtl().toSeconds()), prediction.owner(), prediction.status().wireName(),
                prediction.status().isTerminal() ? "1" : "0", Integer.toString(config.historyLength()),
                Long.toString(Math.max(1, Math.min(config.historyRetentionAfterEnd().toSeconds(),
                        config.statusTtl().toSeconds()))),
                submitted ? "1" : "0", Long.toString(submittedAt),
                Long.toString(System.currentTimeMillis() - config.dispatchQueue().forgetAfter().toMillis()),
                prediction.id())
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "The status store is unavailable.", failure));
    }

    /** The prediction's job is at the provider: it no longer waits for dispatch. Taking it out twice is harmless. */
    public Uni<Void> leaveDispatchQueue(String id) {
        return redis.sortedSet(String.class).zrem(queueKey(), id).replaceWithVoid();
    }

    /** How many predictions wait for dispatch before each of these, in one round trip; null for one not waiting. */
    public Uni<List<Integer>> queuePositions(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Request> ranks = ids.stream()
                .map(id -> Request.cmd(Command.ZRANK).arg(queueKey()).arg(id)).toList();
        return redis.getRedis().batch(ranks).map(replies -> replies.stream()
                .map(rank -> rank == null ? null : rank.toInteger()).toList());
    }

    /** The public JSON of the prediction, if Redis still has it. */
    public Uni<Optional<String>> publicJson(String id) {
        return hashes.hget(key(id), "body").map(Optional::ofNullable);
    }

    /**
     * The public JSON and the owner of a prediction: what a status read needs to decide and answer; and its
     * position in the dispatch queue while it waits there (null otherwise), which no stored JSON can hold.
     */
    public record OwnedJson(String owner, String json, Integer queuePosition) {

        public OwnedJson(String owner, String json) {
            this(owner, json, null);
        }
    }

    /**
     * The public JSON of the prediction with its owner and queue position, in one round trip (a pipeline), if Redis
     * still has it. (A status written before the owner had a field of its own takes a second read, of the record.)
     */
    public Uni<Optional<OwnedJson>> ownedPublicJson(String id) {
        return redis.getRedis().batch(List.of(
                Request.cmd(Command.HMGET).arg(key(id)).arg("owner").arg("body"),
                Request.cmd(Command.ZRANK).arg(queueKey()).arg(id))).chain(replies -> {
                    Response fields = replies.get(0);
                    String owner = fields.get(0) == null ? null : fields.get(0).toString();
                    String body = fields.get(1) == null ? null : fields.get(1).toString();
                    Integer position = replies.get(1) == null ? null : replies.get(1).toInteger();
                    if (body == null) {
                        return Uni.createFrom().item(Optional.<OwnedJson>empty());
                    }
                    if (owner != null) {
                        return Uni.createFrom().item(Optional.of(new OwnedJson(owner, body, position)));
                    }
                    return find(id).map(record -> record.map(prediction -> new OwnedJson(prediction.owner(), body,
                            position)));
                });
    }

    /** The public JSON and owner of a prediction read elsewhere (PostgreSQL), as a status read answers them. */
    public OwnedJson ownedPublicJson(Prediction prediction) {
        return new OwnedJson(prediction.owner(), view.toJson(prediction));
    }

    /** The full record, if Redis still has it. */
    public Uni<Optional<Prediction>> find(String id) {
        return hashes.hget(key(id), "record").map(record -> Optional.ofNullable(record).map(this::parse));
    }

    /**
     * The whole entry of a prediction as an operator looks at it (the admin timeline): its version, public JSON,
     * record and remaining TTL. Not on any client's path.
     */
    public record Entry(long version, String publicJson, Prediction record, long ttlSeconds) {
    }

    /** The prediction's entry, if Redis still has it. */
    public Uni<Optional<Entry>> entry(String id) {
        return hashes.hmget(key(id), "v", "body", "record").chain(fields -> {
            if (fields.get("record") == null) {
                return Uni.createFrom().item(Optional.<Entry>empty());
            }
            return redis.key(String.class).ttl(key(id)).map(ttl -> Optional.of(new Entry(
                    fields.get("v") == null ? 0 : Long.parseLong(fields.get("v")), fields.get("body"),
                    parse(fields.get("record")), ttl)));
        });
    }

    /** Forgets a prediction whose submission failed, so that nothing half-created stays visible. */
    public Uni<Void> remove(String id) {
        return Uni.combine().all().unis(redis.key(String.class).del(key(id), historyKey(id)),
                leaveDispatchQueue(id)).discardItems();
    }

    /**
     * One change in a prediction's history: the stream entry's id (what SSE calls the event id), what kind of change
     * it was ({@code status}, {@code progress} or {@code done}) and the public JSON after it.
     */
    public record HistoryEntry(String id, String event, String json) {

        public boolean isTerminal() {
            return "done".equals(event);
        }
    }

    /** Whether {@code id} can be a history entry's id ({@code <ms>-<seq>}), as a client's Last-Event-ID must be. */
    public static boolean isHistoryEntryId(String id) {
        return id != null && id.matches("\\d{1,20}-\\d{1,20}");
    }

    /**
     * The prediction's changes after the entry {@code afterId} (all of them from the first when null), oldest first,
     * at most {@code limit}. Empty when there are none yet, or none any more (after the TTL).
     */
    public Uni<List<HistoryEntry>> historyAfter(String predictionId, String afterId, int limit) {
        String start = afterId == null ? "-" : "(" + afterId;
        return redis.execute("XRANGE", historyKey(predictionId), start, "+", "COUNT", Integer.toString(limit))
                .map(StatusStore::entries);
    }

    private static List<HistoryEntry> entries(Response range) {
        List<HistoryEntry> entries = new ArrayList<>();
        if (range == null) {
            return entries;
        }
        for (Response entry : range) {
            String event = null;
            String data = null;
            Response fields = entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = fields.get(i).toString();
                if ("event".equals(name)) {
                    event = fields.get(i + 1).toString();
                } else if ("data".equals(name)) {
                    data = fields.get(i + 1).toString();
                }
            }
            entries.add(new HistoryEntry(entry.get(0).toString(), event, data));
        }
        return entries;
    }

    private Prediction parse(String record) {
        try {
            return json.readValue(record, Prediction.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable prediction record in Redis", e);
        }
    }

    private static String key(String id) {
        return KEY_PREFIX + id;
    }

    private String queueKey() {
        return config.dispatchQueue().key();
    }

    private static String historyKey(String id) {
        return HISTORY_PREFIX + id;
    }
}
