package dev.kiln.gateway.events;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.kiln.gateway.prediction.UnknownPredictionException;
import io.smallrye.reactive.messaging.ce.CloudEventMetadata;

/**
 * How the gateway processes one incoming record on a worker thread: a few tries, then the record goes to its
 * dead-letter topic and the consumer goes on. A record that cannot be read at all goes there at once.
 */
public final class Consumption {

    private static final Logger LOG = Logger.getLogger(Consumption.class);
    private static final int TRIES = 3;
    private static final long FIRST_BACKOFF_MILLIS = 100;

    private Consumption() {
    }

    /** The CloudEvents type of the record (ce_type), which tells the events of one topic apart. */
    public static String typeOf(Message<?> message) {
        return message.getMetadata(CloudEventMetadata.class).map(CloudEventMetadata::getType).orElse("");
    }

    public static <T> CompletionStage<Void> process(Message<T> message, java.util.function.Consumer<T> work) {
        T event = message.getPayload();
        if (event == null) {
            return message.nack(new IllegalArgumentException("Unreadable record (not the JSON of its schema)"));
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try {
                work.accept(event);
                return message.ack();
            } catch (UnknownPredictionException unknown) {
                // Not one of ours (or long gone): nothing to change, and nothing a retry would mend.
                LOG.debugf("Ignoring %s: %s", typeOf(message), unknown.getMessage());
                return message.ack();
            } catch (RuntimeException failure) {
                last = failure;
                LOG.warnf("Processing %s failed (try %d of %d): %s", typeOf(message), attempt, TRIES,
                        Optional.ofNullable(failure.getMessage()).orElse(failure.getClass().getName()));
                pause(FIRST_BACKOFF_MILLIS << (attempt - 1));
            }
        }
        return message.nack(last);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // a worker thread, between tries of a failing record
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
