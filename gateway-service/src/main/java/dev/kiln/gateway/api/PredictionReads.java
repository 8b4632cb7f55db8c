package dev.kiln.gateway.api;

import java.util.Optional;

import org.jboss.logging.Logger;

import dev.kiln.gateway.identity.Caller;
import dev.kiln.gateway.identity.Callers;
import dev.kiln.gateway.identity.Permissions;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.Lifecycle;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionIds;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reading one prediction for the request's caller, as GET /v1/predictions/{id}, its live stream and its webhook
 * delivery log all do: the same answers for a bad token (401), a bad id (404 problem), someone else's prediction
 * (401/403) and a failing Redis (PostgreSQL answers).
 */
@ApplicationScoped
class PredictionReads {

    private static final Logger LOG = Logger.getLogger(PredictionReads.class);

    private final Callers callers;
    private final StatusStore statuses;
    private final Lifecycle lifecycle;
    private final Permissions permissions;
    private final PublicPredictions publicPredictions;

    PredictionReads(Callers callers, StatusStore statuses, Lifecycle lifecycle, Permissions permissions,
            PublicPredictions publicPredictions) {
        this.callers = callers;
        this.statuses = statuses;
        this.lifecycle = lifecycle;
        this.permissions = permissions;
        this.publicPredictions = publicPredictions;
    }

    /**
     * The prediction's public JSON (with its queue position while it waits for dispatch), once the request's caller
     * may read it.
     */
    Uni<StatusStore.OwnedJson> readable(HttpServerRequest request, String id) {
        // The caller first: a bad token is a 401 whatever the id.
        return callers.current(request).chain(caller -> readable(caller, id));
    }

    private Uni<StatusStore.OwnedJson> readable(Caller caller, String id) {
        if (!PredictionIds.isWellFormed(id)) {
            return Uni.createFrom().failure(new UnknownPredictionException(id));
        }
        return statuses.ownedPublicJson(id)
                .map(cached -> cached.map(json -> Uni.createFrom().item(json)))
                // Redis failing is no reason to fail a read: PostgreSQL has every prediction too.
                .onFailure().recoverWithItem(redisFailed -> {
                    LOG.debugf("Status of %s read from PostgreSQL, Redis failed: %s", id, redisFailed.getMessage());
                    return Optional.of(durableRecord(id));
                })
                .chain(cached -> cached.orElseGet(() -> fromDurableRecord(id)))
                .invoke(owned -> permissions.checkRead(caller, owned.owner(), id))
                .map(owned -> new StatusStore.OwnedJson(owned.owner(),
                        publicPredictions.withPosition(owned.json(), owned.queuePosition()), owned.queuePosition()));
    }

    /**
     * After the Redis TTL: the durable record, put back into Redis for the polls that follow (and read back, since a
     * newer status may have been written meanwhile). If Redis cannot take it, the durable record answers.
     */
    private Uni<StatusStore.OwnedJson> fromDurableRecord(String id) {
        return durablePrediction(id).chain(prediction -> statuses.put(prediction)
                .chain(() -> statuses.ownedPublicJson(id))
                .map(json -> json.orElseGet(() -> statuses.ownedPublicJson(prediction)))
                .onFailure().recoverWithItem(redisFailed -> statuses.ownedPublicJson(prediction)));
    }

    /** The durable record alone, while Redis fails. */
    private Uni<StatusStore.OwnedJson> durableRecord(String id) {
        return durablePrediction(id).map(statuses::ownedPublicJson);
    }

    private Uni<Prediction> durablePrediction(String id) {
        return Uni.createFrom().item(() -> {
            try {
                return lifecycle.findDurable(id);
            } catch (RuntimeException databaseFailed) {
                throw new DependencyUnavailableException("The prediction store is unavailable.", databaseFailed);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> found.orElseThrow(() -> new UnknownPredictionException(id)));
    }
}
