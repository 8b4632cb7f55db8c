package dev.kiln.webhook.dispatches;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.webhook.WebhookConfig;
import dev.kiln.webhook.events.Channels;
import dev.kiln.webhook.events.PredictionDispatched;
import io.smallrye.mutiny.Uni;

/**
 * Consumes prediction.dispatched into {@link DispatchRecords}: the only source of the provider id mapping. The value
 * is read as text so that a record that cannot be read reaches the dead-letter topic exactly as it was sent.
 */
@ApplicationScoped
public class DispatchedListener {

    private static final Logger LOG = Logger.getLogger(DispatchedListener.class);
    private static final Pattern PREDICTION_ID = Pattern.compile("[a-z0-9]{26}");

    private final DispatchRecords records;
    private final ObjectMapper json;
    private final int attempts;

    DispatchedListener(DispatchRecords records, ObjectMapper json, WebhookConfig config) {
        this.records = records;
        this.json = json;
        this.attempts = config.dispatches().attempts();
    }

    /** A failure after the retries nacks the record, which then goes to prediction.dispatched.dlq. */
    @Incoming(Channels.PREDICTION_DISPATCHED)
    public Uni<Void> onDispatched(String value) {
        return Uni.createFrom().item(() -> read(value))
                .chain(dispatch -> retried(records.save(dispatch)))
                .onFailure().invoke(failure -> LOG.warnf("prediction.dispatched not recorded (%s): %s",
                        failure.getMessage(), value));
    }

    private Uni<Void> retried(Uni<Void> save) {
        return attempts <= 1 ? save
                : save.onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(attempts - 1L);
    }

    private DispatchRecord read(String value) {
        PredictionDispatched event;
        try {
            event = json.readValue(value, PredictionDispatched.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a prediction.dispatched event", e);
        }
        if (event == null || event.predictionId() == null || !PREDICTION_ID.matcher(event.predictionId()).matches()
                || isBlank(event.provider()) || isBlank(event.providerPredictionId()) || event.attempt() < 1) {
            throw new IllegalArgumentException("prediction.dispatched lacks prediction_id, provider, "
                    + "provider_prediction_id or attempt");
        }
        return new DispatchRecord(event.predictionId(), event.provider(), event.providerPredictionId(),
                event.attempt());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
