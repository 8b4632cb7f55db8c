package dev.kiln.gateway.limits;

import java.time.Duration;

import org.jboss.logging.Logger;

import dev.kiln.gateway.prediction.PredictionEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Frees a caller's in-flight slot when its prediction ends. Every terminal change goes through the lifecycle, on a
 * worker thread, so waiting for Redis here blocks no event loop. A release that fails is only logged: the change
 * itself is done, and the slot frees itself after {@code kiln.gateway.limits.in-flight.expiry}.
 */
@ApplicationScoped
class InFlightRelease {

    private static final Logger LOG = Logger.getLogger(InFlightRelease.class);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final SubmissionLimits limits;

    InFlightRelease(SubmissionLimits limits) {
        this.limits = limits;
    }

    void release(@Observes PredictionEnded ended) {
        try {
            limits.release(ended.owner(), ended.id()).await().atMost(WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("The in-flight slot of %s (%s) was not released now; it expires on its own: %s", ended.id(),
                    ended.owner(), e.getMessage());
        }
    }
}
