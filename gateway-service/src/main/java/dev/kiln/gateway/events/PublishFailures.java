package dev.kiln.gateway.events;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Whether a send that failed may nevertheless have been written. Kafka's producer gives up on a record after
 * {@code delivery.timeout.ms}, also when the broker wrote it and only the answer was lost or late: such a failure is
 * ambiguous, and whoever sent the record must act as if it may exist. A record that never left the producer is
 * not: no metadata for its topic within {@code max.block.ms} (the broker unreachable), no buffer space, a record
 * the broker refused outright (too large, not authorised, not serialisable).
 */
public final class PublishFailures {

    private PublishFailures() {
    }

    public static boolean mayHaveBeenWritten(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BufferExhaustedException) {
                return false;
            }
            if (cause instanceof TimeoutException timeout) {
                // The producer's own wording for "waited for the topic's metadata and never got it": nothing sent.
                String message = String.valueOf(timeout.getMessage());
                return !message.contains("not present in metadata");
            }
            if (cause instanceof RetriableException) {
                return true; // retried until the delivery timeout would have said so; a lost answer is one of these
            }
            if (cause instanceof org.apache.kafka.common.KafkaException) {
                return false; // refused outright: not written
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        // Not Kafka's own failure (the emitter refused it, the application stopping): it was never handed over.
        return false;
    }
}
