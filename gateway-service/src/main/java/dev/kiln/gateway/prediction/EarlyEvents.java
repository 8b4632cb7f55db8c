package dev.kiln.gateway.prediction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.kiln.gateway.GatewayConfig;
import dev.kiln.gateway.events.UnreadableEventException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Events that overtook their prediction. Topics are read in any order, so an event can arrive before the gateway
 * knows its prediction (credits.reserved before the durable record, with the Redis status gone): acking it would
 * drop it for good (a reservation held, a prediction never dispatched). It is held and tried again instead, until
 * {@code kiln.gateway.unknown-prediction-patience} after it was written; a prediction still unknown then never
 * existed, and the event goes to its dead-letter topic for someone to look at.
 */
@ApplicationScoped
public class EarlyEvents {

    private final Duration patience;
    private final Clock clock;

    EarlyEvents(GatewayConfig config) {
        this.patience = config.unknownPredictionPatience();
        this.clock = Clock.systemUTC();
    }

    /**
     * What to throw for an event about an unknown prediction, written at {@code writtenAt}: the exception itself
     * while there is patience left (the consumer's @Retry tries again), an {@link UnreadableEventException} (straight
     * to the .dlq) after.
     */
    public RuntimeException unknown(UnknownPredictionException unknown, Instant writtenAt) {
        Instant deadline = writtenAt.plus(patience);
        if (clock.instant().isBefore(deadline)) {
            return unknown;
        }
        return new UnreadableEventException("No prediction has the id " + unknown.id() + ", " + patience
                + " after the event was written: the event is about a prediction that never existed here");
    }
}
