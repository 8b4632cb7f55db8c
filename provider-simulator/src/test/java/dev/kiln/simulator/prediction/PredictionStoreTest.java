package dev.kiln.simulator.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kiln.simulator.callbacks.WebhookEvent;

class PredictionStoreTest {

    private final PredictionStore store = new PredictionStore();
    private final Model model = new Model("kiln/jersey-speed", "v1", 5);

    @Test
    void removesTheDataOfPredictionsFinishedBeforeTheCutoffButKeepsTheRecord() {
        Prediction old = succeeded(Instant.parse("2026-01-01T10:00:00Z"));
        Prediction recent = succeeded(Instant.parse("2026-01-01T12:00:00Z"));

        List<Prediction> changed = store.removeDataFinishedBefore(Instant.parse("2026-01-01T11:00:00Z"));

        assertEquals(List.of(old), changed);
        PredictionView view = old.view("http://sim");
        assertTrue(view.dataRemoved());
        assertNull(view.output());
        assertTrue(view.input().isEmpty());
        assertEquals("succeeded", view.status());
        assertFalse(recent.view("http://sim").dataRemoved());
        assertFalse(old.servesOutput());
    }

    @Test
    void forgetsTheOldestFinishedPredictionsBeyondTheLimitButNeverARunningOne() {
        Prediction running = add();
        Prediction first = succeeded(Instant.now());
        Prediction second = succeeded(Instant.now());

        List<Prediction> forgotten = store.forgetBeyond(2);

        assertEquals(List.of(first), forgotten);
        assertTrue(store.find(running.id()).isPresent());
        assertTrue(store.find(second.id()).isPresent());
        assertTrue(store.find(first.id()).isEmpty());
    }

    @Test
    void pagesRunNewestFirstWithCursorsBothWays() {
        List<Prediction> created = List.of(add(), add(), add(), add(), add());

        PredictionStore.Page first = store.findOlderThan(null, 2);
        PredictionStore.Page second = store.findOlderThan(first.next(), 2);
        PredictionStore.Page back = store.findNewerThan(second.previous(), 2);

        assertEquals(List.of(created.get(4), created.get(3)), first.results());
        assertNull(first.previous());
        assertEquals(List.of(created.get(2), created.get(1)), second.results());
        assertEquals(first.results(), back.results());
        PredictionStore.Page last = store.findOlderThan(second.next(), 2);
        assertEquals(List.of(created.get(0)), last.results());
        assertNull(last.next());
    }

    private Prediction add() {
        Prediction prediction = new Prediction(PredictionIds.next(), store.nextSequence(), model, Instant.now(),
                JsonNodeFactory.instance.objectNode().put("prompt", "a shirt"), null, WebhookEvent.DEFAULT_FILTER,
                null);
        store.add(prediction);
        return prediction;
    }

    private Prediction succeeded(Instant completedAt) {
        Prediction prediction = add();
        prediction.startProcessing(completedAt.minusSeconds(5), "");
        prediction.produceOutput(List.of("http://sim/files/x/0.png"), "");
        prediction.succeed(completedAt);
        return prediction;
    }
}
