package dev.kiln.gateway.clientwebhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.PredictionError;

/** Which event a change of a prediction sends to its webhook, under each filter. */
class WebhookEventTest {

    static final List<String> ALL = List.of("start", "output", "logs", "completed");
    static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    static Prediction requested() {
        return Prediction.requested("7q3xk2m4d4hwbz6f5n3c5rjtaa", "user-1", "jersey", "speed", null, 1, 5,
                "https://example.com/hook", null, T, T.plusSeconds(1800));
    }

    @Test
    void theStartOfProcessingIsStartAndLaterLogsAreLogs() {
        Prediction started = requested().withProgress(T, "step 1\n");
        assertEquals(Optional.of(WebhookEvent.START), WebhookEvent.of(requested(), started, ALL));
        assertEquals(Optional.of(WebhookEvent.LOGS), WebhookEvent.of(requested(), started, List.of("logs")),
                "a filter without start still hears of the logs the start brought");
        Prediction more = started.withProgress(T, "step 1\nstep 2\n");
        assertEquals(Optional.of(WebhookEvent.LOGS), WebhookEvent.of(started, more, ALL));
        assertEquals(Optional.empty(), WebhookEvent.of(started, more, List.of("start", "completed")));
    }

    @Test
    void theEndIsCompletedOrTheOutputForAFilterThatWantsOnlyTheOutput() {
        Prediction running = requested().withProgress(T, "step 1\n");
        Prediction succeeded = running.withStoredOutput(List.of("http://localhost:9000/o/0.png"), T);
        assertEquals(Optional.of(WebhookEvent.COMPLETED), WebhookEvent.of(running, succeeded, ALL));
        assertEquals(Optional.of(WebhookEvent.COMPLETED), WebhookEvent.of(running, succeeded, null),
                "the default filter: output and completed");
        assertEquals(Optional.of(WebhookEvent.OUTPUT), WebhookEvent.of(running, succeeded, List.of("output")));
        Prediction failed = running.withFailure(new PredictionError("provider_error", "boom"), T, null, null);
        assertEquals(Optional.empty(), WebhookEvent.of(running, failed, List.of("output")),
                "a failure has no output");
        assertEquals(Optional.empty(), WebhookEvent.of(requested(), running, null),
                "the default filter does not want the start");
    }
}
