package dev.kiln.gateway.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class PredictionTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T5 = T0.plusSeconds(5);

    private final Prediction requested = Prediction.requested("7q3xk2m9d4hwbz6f1n8c5rjt0a", "anonymous:127.0.0.1",
            "jersey", "speed", JsonNodeFactory.instance.objectNode().put("prompt", "kit"), 0, 5, null, null, T0,
            T0.plusSeconds(1800));

    @Test
    void movesFromStartingToProcessingWhenTheProviderStarts() {
        Prediction running = requested.withProgress(T1, "rendering\n");

        assertEquals(PredictionStatus.PROCESSING, running.status());
        assertEquals(T1, running.startedAt());
        assertEquals("rendering\n", running.logs());
        assertEquals(1, running.version());
    }

    @Test
    void takesTheLogsOfEachNewerProgressAndKeepsThemWhenAnOlderOneArrivesLate() {
        Prediction tenPercent = requested.withProgress(T1, "Using seed: 1\n 10%|█         | 5/50\n");
        Prediction twentyPercent = tenPercent.withProgress(T1,
                "Using seed: 1\n 10%|█         | 5/50\n 20%|██        | 10/50\n");
        assertEquals(2, twentyPercent.version(), "new logs are a change of their own");

        assertSame(twentyPercent, twentyPercent.withProgress(T1, "Using seed: 1\n 10%|█         | 5/50\n"),
                "a provider's logs only grow: shorter ones are an older webhook");
    }

    @Test
    void staysProcessingAfterTheProviderSucceedsUntilOurCopiesAreStored() {
        Prediction done = requested.withProgress(T1, null)
                .withProviderSuccess(T1, T5, "done\n", Map.of("predict_time", 4.0));
        assertEquals(PredictionStatus.PROCESSING, done.status());
        assertNull(done.output(), "the provider's URLs are never shown");

        Prediction stored = done.withStoredOutput(List.of("http://localhost:9000/kiln-outputs/x/0.png"), T5);
        assertEquals(PredictionStatus.SUCCEEDED, stored.status());
        assertEquals(List.of("http://localhost:9000/kiln-outputs/x/0.png"), stored.output());
        assertEquals(T5, stored.completedAt());
        assertEquals(Map.of("predict_time", 4.0), stored.metrics());
    }

    @Test
    void neverLeavesATerminalStatus() {
        Prediction canceled = requested.withCancellation(T1);

        assertSame(canceled, canceled.withProgress(T1, "late"));
        assertSame(canceled, canceled.withStoredOutput(List.of("http://x/0.png"), T5));
        assertSame(canceled, canceled.withFailure(new PredictionError("prediction_failed", "late"), T5, null, null));
        assertSame(canceled, canceled.withCancellation(T5));
        assertEquals(PredictionStatus.CANCELED, canceled.withProviderSuccess(T1, T5, null, null).status());
    }

    @Test
    void toleratesACompletionThatOvertakesItsProgress() {
        Prediction completedFirst = requested.withProviderSuccess(T1, T5, "done\n", null)
                .withStoredOutput(List.of("http://x/0.png"), T5);
        Prediction thenProgress = completedFirst.withProgress(T1, "rendering\n");

        assertSame(completedFirst, thenProgress);
        assertEquals(PredictionStatus.SUCCEEDED, thenProgress.status());
    }

    @Test
    void changesNothingForADuplicateEvent() {
        Prediction once = requested.withProgress(T1, "rendering\n");

        assertSame(once, once.withProgress(T1, "rendering\n"));
    }

    @Test
    void keepsTheFirstFailureAndItsCode() {
        Prediction failed = requested.withFailure(new PredictionError("insufficient_credits", "costs 4"), T1, null,
                null);
        Prediction again = failed.withFailure(new PredictionError("provider_unavailable", "down"), T5, null, null);

        assertEquals("insufficient_credits", again.error().code());
        assertEquals(T1, again.completedAt());
    }
}
