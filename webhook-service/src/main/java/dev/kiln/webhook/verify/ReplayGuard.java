package dev.kiln.webhook.verify;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.webhook.WebhookConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Remembers webhook-ids in Redis. A delivery claims its id with a short TTL, and only once its event was acked is the id
 * marked seen for the long TTL; a failure releases the claim. So a duplicate is dropped, yet a delivery that failed,
 * or whose process died, is processed again when the provider retries.
 */
@ApplicationScoped
public class ReplayGuard {

    private static final String CLAIMED = "claimed";
    private static final String SEEN = "seen";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration seenTtl;
    private final Duration claimTtl;

    ReplayGuard(ReactiveRedisDataSource redis, WebhookConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.seenTtl = config.replay().ttl();
        this.claimTtl = config.replay().claimTtl();
    }

    /** Claims the id in one round trip (SET NX GET, Redis 7). */
    public Uni<ReplayClaim> claim(String provider, String webhookId) {
        return values.setGet(key(provider, webhookId), CLAIMED, new SetArgs().nx().px(claimTtl))
                .map(previous -> previous == null ? ReplayClaim.FIRST
                        : SEEN.equals(previous) ? ReplayClaim.SEEN : ReplayClaim.IN_FLIGHT);
    }

    public Uni<Void> markSeen(String provider, String webhookId) {
        return values.set(key(provider, webhookId), SEEN, new SetArgs().px(seenTtl));
    }

    public Uni<Void> release(String provider, String webhookId) {
        return keys.del(key(provider, webhookId)).replaceWithVoid();
    }

    private static String key(String provider, String webhookId) {
        return "webhook:seen:" + provider + ":" + webhookId;
    }
}
