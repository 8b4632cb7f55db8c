package dev.kiln.simulator.prediction;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.simulator.callbacks.PredictionCallbacks;
import dev.kiln.simulator.callbacks.WebhookEvent;
import dev.kiln.simulator.render.JerseyDesign;

/**
 * One prediction and its status machine. Every transition is synchronized and refuses to leave a terminal
 * status, so a timer that fires after a cancel changes nothing.
 */
public final class Prediction {

    private final String id;
    private final long sequence;
    private final Model model;
    private final Instant createdAt;
    private final URI webhook;
    private final List<WebhookEvent> webhookEvents;
    private final JerseyDesign design;
    private final PredictionCallbacks callbacks;
    private final CompletableFuture<Prediction> finished = new CompletableFuture<>();

    private ObjectNode input;
    private PredictionStatus status = PredictionStatus.STARTING;
    private Instant startedAt;
    private Instant completedAt;
    private final StringBuilder logs = new StringBuilder();
    private List<String> output;
    private String error;
    private boolean dataRemoved;

    Prediction(String id, long sequence, Model model, Instant createdAt, ObjectNode input, URI webhook,
               List<WebhookEvent> webhookEvents, PredictionCallbacks callbacks) {
        this.id = id;
        this.sequence = sequence;
        this.model = model;
        this.createdAt = createdAt;
        this.input = input;
        this.webhook = webhook;
        this.webhookEvents = webhookEvents;
        this.design = JerseyDesign.from(input);
        this.callbacks = callbacks;
    }

    public String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    public JerseyDesign design() {
        return design;
    }

    /** Null when the prediction has no webhook. */
    public PredictionCallbacks callbacks() {
        return callbacks;
    }

    /** Completes when the prediction reaches a terminal status. */
    public CompletableFuture<Prediction> finished() {
        return finished;
    }

    public synchronized PredictionStatus status() {
        return status;
    }

    public synchronized boolean servesOutput() {
        return status == PredictionStatus.SUCCEEDED && !dataRemoved;
    }

    synchronized boolean isDataRemoved() {
        return dataRemoved;
    }

    synchronized Instant completedAt() {
        return completedAt;
    }

    synchronized boolean startProcessing(Instant now, String firstLogs) {
        if (status != PredictionStatus.STARTING) {
            return false;
        }
        status = PredictionStatus.PROCESSING;
        startedAt = now;
        logs.append(firstLogs);
        return true;
    }

    synchronized boolean appendLogs(String more) {
        if (status.isTerminal()) {
            return false;
        }
        logs.append(more);
        return true;
    }

    synchronized boolean produceOutput(List<String> urls, String moreLogs) {
        if (status != PredictionStatus.PROCESSING) {
            return false;
        }
        output = List.copyOf(urls);
        logs.append(moreLogs);
        return true;
    }

    synchronized boolean succeed(Instant now) {
        if (status != PredictionStatus.PROCESSING || output == null) {
            return false;
        }
        return finish(PredictionStatus.SUCCEEDED, now);
    }

    synchronized boolean fail(Instant now, String message) {
        if (status.isTerminal()) {
            return false;
        }
        error = message;
        logs.append(message).append('\n');
        output = null;
        return finish(PredictionStatus.FAILED, now);
    }

    synchronized boolean cancel(Instant now) {
        if (status.isTerminal()) {
            return false;
        }
        // A canceled prediction never delivers an image, even one that was rendered just before.
        output = null;
        return finish(PredictionStatus.CANCELED, now);
    }

    /** The deadline passed before the run started: aborted, as at Replicate (and not charged there). */
    synchronized boolean abort(Instant now) {
        if (status != PredictionStatus.STARTING) {
            return false;
        }
        output = null;
        return finish(PredictionStatus.ABORTED, now);
    }

    private boolean finish(PredictionStatus terminal, Instant now) {
        status = terminal;
        completedAt = now;
        finished.complete(this);
        return true;
    }

    /** Replicate's data removal: input, output and logs go, the record stays. */
    synchronized boolean removeData() {
        if (dataRemoved || !status.isTerminal()) {
            return false;
        }
        dataRemoved = true;
        input = JsonNodeFactory.instance.objectNode();
        output = null;
        logs.setLength(0);
        return true;
    }

    public synchronized PredictionView view(String publicUrl) {
        String self = publicUrl + "/v1/predictions/" + id;
        return new PredictionView(
                id,
                model.name(),
                model.version(),
                input.deepCopy(),
                output,
                logs.toString(),
                error,
                status.wireName(),
                timestamp(createdAt),
                timestamp(startedAt),
                timestamp(completedAt),
                dataRemoved,
                "api",
                metrics(),
                new PredictionView.Urls(self, self + "/cancel"),
                webhook == null ? null : webhook.toString(),
                webhook == null ? null : webhookEvents.stream().map(WebhookEvent::wireName).toList());
    }

    private PredictionView.Metrics metrics() {
        if (completedAt == null) {
            return new PredictionView.Metrics(null, null);
        }
        Double predictTime = startedAt == null ? null : seconds(Duration.between(startedAt, completedAt));
        return new PredictionView.Metrics(predictTime, seconds(Duration.between(createdAt, completedAt)));
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toNanos() / 1_000_000.0) / 1000.0;
    }

    private static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
