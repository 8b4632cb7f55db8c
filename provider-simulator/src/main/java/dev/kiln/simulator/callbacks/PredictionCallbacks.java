package dev.kiln.simulator.callbacks;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.kiln.simulator.faults.FaultDraw;
import dev.kiln.simulator.faults.Faults;

/**
 * The webhooks of one prediction, sent one after another in the order its events happened (a delivery waits for
 * the previous one to end), with the webhook faults the prediction was created under, and its delivery log.
 */
public final class PredictionCallbacks {

    private static final int LOG_LIMIT = 200;

    private final WebhookSender sender;
    private final URI url;
    private final List<WebhookEvent> filter;
    private final FaultDraw draw;
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    /**
     * Under reorder_webhooks (a share of predictions): this prediction's last non-terminal webhook arrives after
     * completed. Only when completed is in the filter, else a held-back webhook would never be sent.
     */
    private final boolean reorder;

    private CompletionStage<Void> tail = CompletableFuture.completedFuture(null);
    /** Under reorder_webhooks: the latest non-terminal webhook, held back until after the completed one. */
    private Planned heldBack;

    PredictionCallbacks(WebhookSender sender, URI url, List<WebhookEvent> filter, FaultDraw draw) {
        this.sender = sender;
        this.url = url;
        this.filter = filter;
        this.draw = draw;
        // Drawn here, once, so that a seeded run draws it at the same rank whatever the timing.
        this.reorder = draw.reorderWebhooks() && filter.contains(WebhookEvent.COMPLETED);
    }

    /** Queues the webhook for an event, if the filter asks for it; body is the prediction object at that moment. */
    public synchronized void send(WebhookEvent event, String body) {
        if (!filter.contains(event)) {
            return;
        }
        WebhookMessage message = new WebhookMessage("msg_" + UUID.randomUUID().toString().replace("-", ""),
                event, url, body);
        if (draw.dropWebhook()) {
            record(new Delivery(event.wireName(), message.webhookId(), 1, 0, null, null, Instant.now(), "dropped"));
            return;
        }
        Planned planned = new Planned(message, draw.duplicateWebhook());
        if (!reorder) {
            enqueue(planned);
        } else if (event != WebhookEvent.COMPLETED) {
            if (heldBack != null) {
                enqueue(heldBack);
            }
            heldBack = planned;
        } else {
            enqueue(planned);
            if (heldBack != null) {
                enqueue(heldBack);
                heldBack = null;
            }
        }
    }

    public synchronized List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    private void enqueue(Planned planned) {
        Faults faults = draw.faults();
        double timeScale = faults.timeScale();
        tail = tail
                .thenCompose(ignored -> sender.after(faults.delayWebhooksMs()))
                .thenCompose(ignored -> sender.deliver(planned.message(), 1, timeScale, this::record))
                .thenCompose(ignored -> planned.duplicate()
                        ? sender.deliver(planned.message(), 2, timeScale, this::record)
                        : CompletableFuture.completedFuture(null))
                // A failure of one delivery must never stall the ones queued after it.
                .exceptionally(ignored -> null);
    }

    private synchronized void record(Delivery delivery) {
        if (deliveries.size() >= LOG_LIMIT) {
            deliveries.removeFirst();
        }
        deliveries.addLast(delivery);
    }

    private record Planned(WebhookMessage message, boolean duplicate) {
    }
}
