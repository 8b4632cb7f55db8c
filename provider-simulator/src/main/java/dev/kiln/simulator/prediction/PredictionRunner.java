package dev.kiln.simulator.prediction;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kiln.simulator.SimulatorConfig;
import dev.kiln.simulator.callbacks.PredictionCallbacks;
import dev.kiln.simulator.callbacks.WebhookEvent;
import dev.kiln.simulator.callbacks.WebhookSender;
import dev.kiln.simulator.faults.FaultDraw;
import dev.kiln.simulator.faults.Faults;
import dev.kiln.simulator.render.RenderedImages;
import io.vertx.core.Vertx;

/**
 * Runs predictions on Vert.x timers (no thread sleeps per prediction): starting, then processing with logs,
 * then the rendered output and succeeded, or failed; each step sends its webhook.
 */
@ApplicationScoped
public class PredictionRunner {

    /** The share of a run spent in "starting", as a model boots before it predicts. */
    private static final double STARTING_SHARE = 0.1;
    /** A diffusion model's denoising steps, as its progress bar counts them. */
    static final int STEPS = 50;
    /** Replicate sends a logs webhook at most this often. */
    private static final long LOGS_INTERVAL_MILLIS = 500;
    private static final int MAX_STEP_LINES = 9;

    private final Vertx vertx;
    private final PredictionStore store;
    private final RenderedImages images;
    private final WebhookSender webhooks;
    private final ObjectMapper json;
    private final String publicUrl;

    public PredictionRunner(Vertx vertx, PredictionStore store, RenderedImages images, WebhookSender webhooks,
                            ObjectMapper json, SimulatorConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.images = images;
        this.webhooks = webhooks;
        this.json = json;
        this.publicUrl = trimSlash(config.publicUrl().toString());
    }

    public String publicUrl() {
        return publicUrl;
    }

    /**
     * Starts a prediction. {@code cancelAfter} (Replicate's Cancel-After, null for none) is wall-clock time from now,
     * not scaled by the time scale: at it, a prediction still starting is aborted, a running one canceled.
     */
    public Prediction start(Model model, ObjectNode input, URI webhook, List<WebhookEvent> filter, FaultDraw draw,
                            Duration cancelAfter) {
        Faults faults = draw.faults();
        double runMillis = model.estimatedSeconds() * 1000 * draw.runTimeJitter() * faults.timeScale();
        boolean forcedFailure = input.path("_sim_fail").asBoolean(false);
        boolean fails = draw.jobFails() || forcedFailure;
        int modelSeed = draw.modelSeed();
        PredictionCallbacks callbacks = webhook == null ? null : webhooks.callbacksFor(webhook, filter, draw);
        Prediction prediction = new Prediction(PredictionIds.next(), store.nextSequence(), model, Instant.now(),
                input, webhook, filter, callbacks);
        store.add(prediction);
        synchronized (prediction) {
            notify(prediction, WebhookEvent.START);
        }
        long startingMillis = Math.max(1, Math.round(runMillis * STARTING_SHARE));
        long predictMillis = Math.max(2, Math.round(runMillis * (1 - STARTING_SHARE)));
        String failure = forcedFailure
                ? "Simulated failure: the input asked for it with _sim_fail"
                : "Simulated failure: the model crashed (failure_rate " + faults.failureRate() + ")";
        vertx.setTimer(startingMillis, timer -> process(prediction, predictMillis, modelSeed, fails ? failure : null));
        if (cancelAfter != null) {
            vertx.setTimer(Math.max(1, cancelAfter.toMillis()), timer -> deadline(prediction));
        }
        return prediction;
    }

    private void deadline(Prediction prediction) {
        synchronized (prediction) {
            if (prediction.abort(Instant.now())) {
                notify(prediction, WebhookEvent.COMPLETED);
                return;
            }
        }
        cancel(prediction);
    }

    public boolean cancel(Prediction prediction) {
        synchronized (prediction) {
            if (!prediction.cancel(Instant.now())) {
                return false;
            }
            notify(prediction, WebhookEvent.COMPLETED);
        }
        return true;
    }

    private void process(Prediction prediction, long predictMillis, int modelSeed, String failure) {
        synchronized (prediction) {
            String firstLogs = "Using seed: " + modelSeed + "\nRendering " + prediction.design().style().wireName()
                    + " jersey\n";
            if (!prediction.startProcessing(Instant.now(), firstLogs)) {
                return;
            }
            notify(prediction, WebhookEvent.LOGS);
        }
        var image = failure == null ? images.png(prediction.design()) : null;
        // Step lines as a diffusion model's progress bar (tqdm) prints them, evenly over the run: one every 500 ms at
        // most, as Replicate sends logs webhooks, and at most nine (10 %, 20 % ... 90 %); one halfway in a short run.
        int lines = (int) Math.max(1, Math.min(MAX_STEP_LINES, predictMillis / LOGS_INTERVAL_MILLIS));
        for (int line = 1; line <= lines; line++) {
            int step = STEPS * line / (lines + 1);
            vertx.setTimer(Math.max(1, predictMillis * line / (lines + 1)), timer -> {
                synchronized (prediction) {
                    if (prediction.appendLogs(stepLine(step) + "\n")) {
                        notify(prediction, WebhookEvent.LOGS);
                    }
                }
            });
        }
        vertx.setTimer(predictMillis, timer -> {
            if (image == null) {
                fail(prediction, failure);
                return;
            }
            // Rendering is usually done long before; if not, the prediction ends when the image is there.
            image.whenComplete((png, error) -> {
                if (error != null) {
                    fail(prediction, "Rendering failed: " + error.getMessage());
                } else {
                    succeed(prediction);
                }
            });
        });
    }

    private void succeed(Prediction prediction) {
        synchronized (prediction) {
            String file = publicUrl + "/files/" + prediction.id() + "/0.png";
            if (!prediction.produceOutput(List.of(file), stepLine(STEPS) + "\n")) {
                return;
            }
            notify(prediction, WebhookEvent.OUTPUT);
            prediction.succeed(Instant.now());
            notify(prediction, WebhookEvent.COMPLETED);
        }
    }

    private void fail(Prediction prediction, String message) {
        synchronized (prediction) {
            if (prediction.fail(Instant.now(), message)) {
                notify(prediction, WebhookEvent.COMPLETED);
            }
        }
    }

    /** Called under the prediction's lock, so that webhooks are queued in the order the events happened. */
    private void notify(Prediction prediction, WebhookEvent event) {
        PredictionCallbacks callbacks = prediction.callbacks();
        if (callbacks == null) {
            return;
        }
        try {
            callbacks.send(event, json.writeValueAsString(prediction.view(publicUrl)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a prediction always serialises", e);
        }
    }

    /** A progress bar line as tqdm prints it: {@code  40%|████      | 20/50}. */
    static String stepLine(int step) {
        int percent = 100 * step / STEPS;
        int full = percent / 10;
        return String.format("%3d%%|%s%s| %d/%d", percent, "\u2588".repeat(full), " ".repeat(10 - full), step, STEPS);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
