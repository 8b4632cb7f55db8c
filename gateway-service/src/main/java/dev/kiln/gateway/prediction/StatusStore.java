package dev.kiln.gateway.prediction;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.GatewayConfig;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The status read model: one Redis hash per prediction with a TTL, holding the public JSON ready to serve (so a
 * status read is one HGET and no serialisation) and the full record (so that the event consumers can rebuild the
 * durable record from it). Writes carry the prediction's version and a newer write always wins, whatever order
 * concurrent writers reach Redis in. The owner has a field of its own, so that a status read can check who may see
 * it without parsing the record.
 */
@ApplicationScoped
public class StatusStore {

    private static final String KEY_PREFIX = "kiln:prediction:";

    /** Writes only when the stored version is older, and refreshes the TTL. */
    private static final String PUT_IF_NEWER = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'record', ARGV[2], 'body', ARGV[3], 'owner', ARGV[5])
            redis.call('EXPIRE', KEYS[1], ARGV[4])
            return 1
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
        String record;
        String body;
        try {
            record = json.writeValueAsString(prediction);
            body = view.toJson(prediction);
        } catch (JsonProcessingException | RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.execute("EVAL", PUT_IF_NEWER, "1", key(prediction.id()), Long.toString(prediction.version()),
                record, body, Long.toString(config.statusTtl().toSeconds()), prediction.owner()).replaceWithVoid()
                .onFailure().transform(failure -> new DependencyUnavailableException(
                        "The status store is unavailable.", failure));
    }

    /** The public JSON of the prediction, if Redis still has it. */
    public Uni<Optional<String>> publicJson(String id) {
        return hashes.hget(key(id), "body").map(Optional::ofNullable);
    }

    /** The public JSON and the owner of a prediction: what a status read needs to decide and answer. */
    public record OwnedJson(String owner, String json) {
    }

    /**
     * The public JSON of the prediction with its owner, in one round trip, if Redis still has it. (A status written
     * before the owner had a field of its own takes a second read, of the record.)
     */
    public Uni<Optional<OwnedJson>> ownedPublicJson(String id) {
        return hashes.hmget(key(id), "owner", "body").chain(fields -> {
            String owner = fields.get("owner");
            String body = fields.get("body");
            if (body == null) {
                return Uni.createFrom().item(Optional.<OwnedJson>empty());
            }
            if (owner != null) {
                return Uni.createFrom().item(Optional.of(new OwnedJson(owner, body)));
            }
            return find(id).map(record -> record.map(prediction -> new OwnedJson(prediction.owner(), body)));
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
        return redis.key(String.class).del(key(id)).replaceWithVoid();
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
}
