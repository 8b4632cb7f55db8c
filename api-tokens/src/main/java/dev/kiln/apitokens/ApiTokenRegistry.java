package dev.kiln.apitokens;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The shared registry of live API tokens in Redis: one hash per token, {@code kiln:api-token:<sha256 hex>}, with
 * {@code user_id}, {@code roles} (comma-separated), {@code token_id} and {@code last_used_at} (epoch seconds).
 * gateway-service writes it (it owns the tokens' durable rows); every service that accepts the tokens reads it.
 * A token that has no key here does not authenticate: deleting the key is what revokes it, at once.
 */
@ApplicationScoped
public class ApiTokenRegistry {

    public static final String KEY_PREFIX = "kiln:api-token:";
    static final String USER_ID = "user_id";
    static final String ROLES = "roles";
    static final String TOKEN_ID = "token_id";
    static final String LAST_USED_AT = "last_used_at";

    /**
     * A use is written at most once per this interval: authentication costs one read, and one write a minute per
     * token in use, whatever the request rate.
     */
    public static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    /** Records the use only on a key that still exists: a write after a revocation must not bring it back. */
    private static final String RECORD_USE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'last_used_at', ARGV[1])
              return 1
            end
            return 0
            """;

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;

    ApiTokenRegistry(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
    }

    /** The registered token with this hash, if it is live. */
    public Uni<Optional<RegisteredToken>> find(String tokenHash) {
        return hashes.hgetall(key(tokenHash)).map(ApiTokenRegistry::parse);
    }

    /**
     * Registers a token (or registers it again after Redis lost it). Keeps a recorded last use: registering again
     * must not forget it.
     */
    public Uni<Void> register(String tokenHash, RegisteredToken token) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(USER_ID, token.userId());
        fields.put(ROLES, String.join(",", token.roles()));
        fields.put(TOKEN_ID, token.tokenId());
        return hashes.hset(key(tokenHash), fields).replaceWithVoid();
    }

    /** Revokes the token for every service at once. */
    public Uni<Void> remove(String tokenHash) {
        return redis.key(String.class).del(key(tokenHash)).replaceWithVoid();
    }

    /** Records that the token was just used, unless a use within the last minute is recorded already. */
    public Uni<Void> recordUse(String tokenHash, RegisteredToken token, Instant now) {
        if (token.lastUsedAt() != null && token.lastUsedAt().plus(USE_RECORDING_INTERVAL).isAfter(now)) {
            return Uni.createFrom().voidItem();
        }
        return redis.execute("EVAL", RECORD_USE, "1", key(tokenHash), Long.toString(now.getEpochSecond()))
                .replaceWithVoid();
    }

    private static Optional<RegisteredToken> parse(Map<String, String> fields) {
        String userId = fields.get(USER_ID);
        if (userId == null || userId.isBlank() || fields.get(TOKEN_ID) == null) {
            return Optional.empty();
        }
        Set<String> roles = Arrays.stream(fields.getOrDefault(ROLES, "").split(","))
                .map(String::trim).filter(role -> !role.isEmpty()).collect(Collectors.toSet());
        String lastUsed = fields.get(LAST_USED_AT);
        return Optional.of(new RegisteredToken(fields.get(TOKEN_ID), userId, roles,
                lastUsed == null ? null : Instant.ofEpochSecond(Long.parseLong(lastUsed))));
    }

    static String key(String tokenHash) {
        return KEY_PREFIX + tokenHash;
    }
}
