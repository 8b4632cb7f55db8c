package dev.kiln.gateway.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.gateway.dispatch.Dispatch;
import dev.kiln.gateway.dispatch.ProviderClient;
import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionRecord;
import dev.kiln.gateway.prediction.PredictionView;
import dev.kiln.gateway.prediction.StatusStore;
import dev.kiln.gateway.prediction.UnknownPredictionException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

/**
 * Puts a prediction's timeline together (docs/gateway-service.md "Timeline"). Blocking: it waits for Redis, PostgreSQL,
 * Kafka and the provider on the calling worker thread, each within its bound; at most
 * {@link TimelineConfig#maxConcurrent()} at once, so that operators never take the threads the API needs.
 */
@ApplicationScoped
public class Timelines {

    private final EventLog eventLog;
    private final StatusStore statuses;
    private final ProviderClient provider;
    private final PredictionView view;
    private final ObjectMapper json;
    private final TimelineConfig config;
    private final Semaphore reading;

    Timelines(EventLog eventLog, StatusStore statuses, ProviderClient provider, PredictionView view, ObjectMapper json,
            TimelineConfig config) {
        this.eventLog = eventLog;
        this.statuses = statuses;
        this.provider = provider;
        this.view = view;
        this.json = json;
        this.config = config;
        this.reading = new Semaphore(config.maxConcurrent());
    }

    /**
     * @throws UnknownPredictionException          if neither Redis nor PostgreSQL knows the id
     * @throws DependencyUnavailableException      if neither of them answered
     * @throws EventLogUnavailableException        if Kafka did not give the events in time, or too many are read
     */
    public Timeline of(String id) {
        if (!reading.tryAcquire()) {
            throw new EventLogUnavailableException(config.maxConcurrent() + " timelines are being read already.",
                    null);
        }
        try {
            return read(id);
        } finally {
            reading.release();
        }
    }

    private Timeline read(String id) {
        Instant readAt = Instant.now();
        Read<StatusStore.Entry> cached = statusEntry(id);
        Read<Durable> durable = durable(id);
        Optional<Prediction> known = newest(cached.value().map(StatusStore.Entry::record),
                durable.value().flatMap(Durable::prediction));
        if (known.isEmpty()) {
            if (cached.error() == null && durable.error() == null) {
                throw new UnknownPredictionException(id);
            }
            throw new DependencyUnavailableException("Neither the status store nor the prediction store answered ("
                    + (cached.error() != null ? cached.error() : durable.error()) + ").", null);
        }
        Prediction prediction = known.get();
        // Asked first, so that the provider answers while Kafka is read.
        CompletableFuture<Timeline.ProviderView> providerView = providerView(prediction,
                durable.value().flatMap(Durable::dispatch));
        List<TimelineEvent> events = eventLog.eventsOf(id, prediction.createdAt());
        return new Timeline(id, readAt, events, settlement(events), storedObjects(events),
                statusStoreEntry(cached), durableRecord(durable), providerView.join());
    }

    private record Read<T>(Optional<T> value, String error) {
    }

    private record Durable(Optional<Prediction> prediction, Instant updatedAt, Optional<Dispatch> dispatch) {
    }

    private Read<StatusStore.Entry> statusEntry(String id) {
        try {
            return new Read<>(statuses.entry(id).await().atMost(config.dependencyTimeout()), null);
        } catch (RuntimeException e) {
            return new Read<>(Optional.empty(), "The status store did not answer: " + describe(e));
        }
    }

    private Read<Durable> durable(String id) {
        try {
            return new Read<>(Optional.of(QuarkusTransaction.joiningExisting().call(() -> {
                Optional<PredictionRecord> record = PredictionRecord.findByIdOptional(id);
                return new Durable(record.map(PredictionRecord::toPrediction),
                        record.map(found -> found.updatedAt).orElse(null), Dispatch.findByPrediction(id));
            })), null);
        } catch (RuntimeException e) {
            return new Read<>(Optional.empty(), "The prediction store did not answer: " + describe(e));
        }
    }

    /** The one of the two copies that has seen more of the lifecycle. */
    private static Optional<Prediction> newest(Optional<Prediction> cached, Optional<Prediction> durable) {
        if (cached.isEmpty() || durable.isEmpty()) {
            return cached.isPresent() ? cached : durable;
        }
        return cached.get().version() > durable.get().version() ? cached : durable;
    }

    private CompletableFuture<Timeline.ProviderView> providerView(Prediction prediction, Optional<Dispatch> dispatch) {
        if (prediction.status().isTerminal()) {
            return CompletableFuture.completedFuture(null);
        }
        String providerId = dispatch.map(found -> found.providerPredictionId).orElse(null);
        if (providerId == null) {
            return CompletableFuture.completedFuture(new Timeline.ProviderView(null, null, null,
                    "Not dispatched yet: no provider prediction to ask about"
                            + dispatch.map(found -> " (dispatch " + found.state + ")").orElse("") + "."));
        }
        Duration timeout = config.dependencyTimeout();
        return provider.look(providerId)
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + timeout.toMillis() + " ms"))
                .map(answer -> new Timeline.ProviderView(providerId, answer.path("status").asText(null), answer,
                        null))
                .onFailure().recoverWithItem(failure -> new Timeline.ProviderView(providerId, null, null,
                        "The provider did not answer: " + describe(failure)))
                .subscribeAsCompletionStage();
    }

    /** What credits decided: the latest of its events, a settlement after a reservation. */
    static Timeline.Settlement settlement(List<TimelineEvent> events) {
        String outcome = "none";
        Integer amount = null;
        Instant reservedAt = null;
        Instant settledAt = null;
        for (TimelineEvent event : events) {
            if (event.type() == null || !event.type().startsWith("credits.")) {
                continue;
            }
            JsonNode data = event.data();
            if (data != null && data.path("amount").isInt()) {
                amount = data.get("amount").asInt();
            }
            switch (event.type()) {
                case "credits.reserved" -> {
                    reservedAt = event.time();
                    if ("none".equals(outcome)) {
                        outcome = "open";
                    }
                }
                case "credits.rejected" -> {
                    outcome = "rejected";
                    settledAt = event.time();
                }
                case "credits.confirmed", "credits.refunded" -> {
                    outcome = event.type().substring("credits.".length());
                    settledAt = event.time();
                }
                default -> {
                    // another team's credits event: not a settlement
                }
            }
        }
        return new Timeline.Settlement(outcome, amount, reservedAt, settledAt);
    }

    /** The objects of the latest prediction.stored, if storage kept any. */
    private List<Timeline.StoredObject> storedObjects(List<TimelineEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            TimelineEvent event = events.get(i);
            if ("prediction.stored".equals(event.type()) && event.data() != null
                    && event.data().path("objects").isArray()) {
                try {
                    return List.of(json.treeToValue(event.data().get("objects"), Timeline.StoredObject[].class));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    return List.of(); // the event itself is in the list, as it was published
                }
            }
        }
        return List.of();
    }

    private Timeline.StatusStoreEntry statusStoreEntry(Read<StatusStore.Entry> cached) {
        if (cached.error() != null) {
            return new Timeline.StatusStoreEntry(false, null, null, null, cached.error());
        }
        return cached.value()
                .map(entry -> new Timeline.StatusStoreEntry(true, entry.version(), entry.ttlSeconds(),
                        tree(entry.publicJson()), null))
                .orElse(new Timeline.StatusStoreEntry(false, null, null, null, null));
    }

    private Timeline.DurableRecord durableRecord(Read<Durable> durable) {
        if (durable.error() != null) {
            return new Timeline.DurableRecord(false, null, null, null, null, durable.error());
        }
        Durable found = durable.value().orElseThrow();
        Timeline.Dispatch dispatch = found.dispatch().map(row -> new Timeline.Dispatch(row.provider, row.attempt,
                row.state == null ? null : row.state.name().toLowerCase(), row.providerPredictionId,
                row.cancelRequested, row.cancelAttempts, row.cancelAnsweredAt)).orElse(null);
        return found.prediction()
                .map(prediction -> new Timeline.DurableRecord(true, prediction.version(), found.updatedAt(),
                        tree(view.toJson(prediction)), dispatch, null))
                .orElse(new Timeline.DurableRecord(false, null, null, null, dispatch, null));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}
