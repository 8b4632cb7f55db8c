package dev.kiln.webhook.dispatches;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.webhook.WebhookConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * The provider id ↔ prediction id mapping, in Redis with a TTL, written only from prediction.dispatched. Keys carry
 * a {@code webhook:} prefix because the gateway keeps its own prediction keys in the same Redis.
 */
@ApplicationScoped
public class DispatchStore {

    private final ReactiveValueCommands<String, DispatchRecord> values;
    private final Duration ttl;

    DispatchStore(ReactiveRedisDataSource redis, WebhookConfig config) {
        this.values = redis.value(DispatchRecord.class);
        this.ttl = config.dispatches().ttl();
    }

    /**
     * Records a dispatch under both ids. Writing the same record again changes nothing; a record of an earlier
     * attempt arriving late does not replace the later attempt under our prediction id.
     */
    public Uni<Void> save(DispatchRecord dispatch) {
        SetArgs expiring = new SetArgs().px(ttl);
        String underPrediction = predictionKey(dispatch.predictionId());
        return values.set(providerKey(dispatch.provider(), dispatch.providerPredictionId()), dispatch, expiring)
                .chain(() -> values.get(underPrediction))
                .chain(current -> current != null && current.attempt() > dispatch.attempt()
                        ? Uni.createFrom().voidItem()
                        : values.set(underPrediction, dispatch, expiring));
    }

    /** The dispatch that created this provider prediction, if one of ours did. */
    public Uni<Optional<DispatchRecord>> findByProviderPrediction(String provider, String providerPredictionId) {
        return values.get(providerKey(provider, providerPredictionId)).map(Optional::ofNullable);
    }

    /** The latest recorded dispatch of our prediction. */
    public Uni<Optional<DispatchRecord>> findByPrediction(String predictionId) {
        return values.get(predictionKey(predictionId)).map(Optional::ofNullable);
    }

    static String providerKey(String provider, String providerPredictionId) {
        return "webhook:provider:" + provider + ":" + providerPredictionId;
    }

    static String predictionKey(String predictionId) {
        return "webhook:prediction:" + predictionId;
    }
}
