package dev.kiln.gateway.account;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.kiln.apitokens.ApiTokenRegistry;
import dev.kiln.apitokens.ApiTokens;
import dev.kiln.apitokens.RegisteredToken;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A user's personal API tokens: created and revoked here, durable in PostgreSQL, live in the Redis registry that
 * every service authenticates against. Blocking: call it from worker threads (these are no hot paths).
 */
@ApplicationScoped
public class AccountTokens {

    /** The roles a token may carry: the creator's, of these. */
    static final Set<String> TOKEN_ROLES = Set.of("user", "admin");
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(5);

    private final ApiTokenRegistry registry;

    AccountTokens(ApiTokenRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates a token that acts as {@code userId} with the creator's roles (at this moment: a role taken away in
     * Keycloak later stays on the token until it is revoked).
     */
    public CreatedApiToken create(String userId, Set<String> creatorRoles, String name) {
        String token = ApiTokens.generate();
        var record = new ApiTokenRecord();
        record.id = UUID.randomUUID().toString();
        record.userId = userId;
        record.name = name;
        record.tokenHash = ApiTokens.hash(token);
        record.hint = ApiTokens.hint(token);
        var roles = new TreeSet<>(creatorRoles);
        roles.retainAll(TOKEN_ROLES);
        record.roles = String.join(",", roles);
        record.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(record::persist);
        try {
            registry.register(record.tokenHash, record.registered()).await().atMost(REDIS_TIMEOUT);
        } catch (RuntimeException e) {
            // Nobody will ever see this token: retire its row, so that no later start registers it.
            QuarkusTransaction.requiringNew().run(() -> ApiTokenRecord.update("revokedAt = ?1 where id = ?2",
                    Instant.now(), record.id));
            throw new DependencyUnavailableException("The token registry is unavailable.", e);
        }
        return new CreatedApiToken(record.id, record.name, token, record.hint, record.createdAt);
    }

    /**
     * The user's live tokens, newest first. Their last use is read from the registry (which records it) and
     * written to PostgreSQL here when it is newer, so that it outlives the registry's key.
     */
    public List<ApiTokenView> list(String userId) {
        List<ApiTokenRecord> records = QuarkusTransaction.requiringNew().call(() -> ApiTokenRecord.liveOf(userId));
        List<ApiTokenRecord> used = records.stream().filter(record -> {
            Instant registered = registry.find(record.tokenHash).await().atMost(REDIS_TIMEOUT)
                    .map(RegisteredToken::lastUsedAt).orElse(null);
            if (registered != null && (record.lastUsedAt == null || registered.isAfter(record.lastUsedAt))) {
                record.lastUsedAt = registered;
                return true;
            }
            return false;
        }).toList();
        if (!used.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> used.forEach(record -> ApiTokenRecord.update(
                    "lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)",
                    record.lastUsedAt, record.id)));
        }
        return records.stream().map(ApiTokenView::of).toList();
    }

    /**
     * Revokes one of the user's tokens: its registry key goes first, so that it stops working at once in every
     * service, then its row is marked revoked.
     *
     * @throws UnknownApiTokenException if the user has no live token with this id
     */
    public void revoke(String userId, String id) {
        ApiTokenRecord record = QuarkusTransaction.requiringNew().call(() -> ApiTokenRecord.liveOf(userId, id))
                .orElseThrow(() -> new UnknownApiTokenException(id));
        try {
            registry.remove(record.tokenHash).await().atMost(REDIS_TIMEOUT);
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("The token registry is unavailable.", e);
        }
        QuarkusTransaction.requiringNew().run(() -> ApiTokenRecord.update("revokedAt = ?1 where id = ?2",
                Instant.now(), record.id));
    }

    /** Registers every live token again, e.g. after Redis lost its data; returns how many. */
    public int registerAll() {
        return QuarkusTransaction.requiringNew().call(() -> (int) ApiTokenRecord.allLive()
                .peek(record -> registry.register(record.tokenHash, record.registered()).await()
                        .atMost(REDIS_TIMEOUT))
                .count());
    }
}
