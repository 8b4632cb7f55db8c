package dev.kiln.webhook.translate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.webhook.dispatches.DispatchRecord;
import dev.kiln.webhook.events.PredictionCompleted;
import dev.kiln.webhook.events.PredictionProgressed;

class ReplicateTranslationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DispatchRecord DISPATCH =
            new DispatchRecord("7q3xk2m9d4hwbz6f1n8c5rjt0a", "replicate", "gm3qorzdhgbfurvjtvhg6dckhu", 1);
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:05.210Z");

    @Test
    void turnsASucceededPredictionIntoACompletedEventWithItsOutputUrlsAndMetrics() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded",
                 "output":["https://replicate.delivery/a/0.png","https://replicate.delivery/a/1.png"],
                 "logs":"done\\n","error":null,"metrics":{"predict_time":4.2,"total_time":4.9,"image_count":2},
                 "started_at":"2026-11-28T10:00:01.779176Z","completed_at":"2026-11-28T10:00:05.2+00:00"}""");

        assertThat(event.predictionId(), equalTo("7q3xk2m9d4hwbz6f1n8c5rjt0a"));
        assertThat(event.provider(), equalTo("replicate"));
        assertThat(event.providerPredictionId(), equalTo("gm3qorzdhgbfurvjtvhg6dckhu"));
        assertThat(event.status(), equalTo("succeeded"));
        assertThat(event.output(), equalTo(List.of("https://replicate.delivery/a/0.png",
                "https://replicate.delivery/a/1.png")));
        assertThat(event.error(), nullValue());
        assertThat(event.logs(), equalTo("done\n"));
        assertThat(event.metrics(), equalTo(new PredictionCompleted.Metrics(4.2, 4.9)));
        assertThat(event.startedAt(), equalTo(Instant.parse("2026-11-28T10:00:01.779176Z")));
        assertThat(event.completedAt(), equalTo(Instant.parse("2026-11-28T10:00:05.200Z")));
        assertThat(event.occurredAt(), equalTo(NOW));
    }

    @Test
    void makesASingleOutputUrlAOneElementList() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":"https://replicate.delivery/a/0.png"}""");

        assertThat(event.output(), equalTo(List.of("https://replicate.delivery/a/0.png")));
        assertThat(event.metrics(), nullValue());
    }

    @Test
    void reportsAFailureWithTheProvidersErrorAsMessage() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"failed","error":"CUDA out of memory","output":null}""");

        assertThat(event.status(), equalTo("failed"));
        assertThat(event.error(), equalTo(new PredictionCompleted.ErrorDetail("prediction_failed", "CUDA out of memory")));
        assertThat(event.output(), nullValue());
    }

    @Test
    void reportsAFailureWithoutReasonWithAMessageAnyway() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"failed"}""");

        assertThat(event.error().code(), equalTo("prediction_failed"));
        assertThat(event.error().message(), equalTo("The provider reported a failure without a reason."));
    }

    @Test
    void reportsACancelAsCanceledWithoutItsOutput() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"canceled","output":["https://replicate.delivery/a/0.png"]}""");

        assertThat(event.status(), equalTo("canceled"));
        assertThat(event.error().code(), equalTo("canceled"));
        assertThat(event.output(), nullValue());
    }

    @Test
    void reportsAnAbortedPredictionAsAbortedNeverCharged() throws Exception {
        var event = (PredictionCompleted) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"aborted"}""");

        assertThat(event.status(), equalTo("aborted"));
        assertThat(event.error(), equalTo(new PredictionCompleted.ErrorDetail("deadline_exceeded",
                "The deadline passed before the prediction started.")));
    }

    @Test
    void turnsProcessingIntoProgressWithLogsAndStartTime() throws Exception {
        var event = translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"processing","logs":"rendering shirt\\n",
                 "started_at":"2026-11-28T10:00:01.000Z","output":null}""");

        assertThat(event, instanceOf(PredictionProgressed.class));
        var progress = (PredictionProgressed) event;
        assertThat(progress.status(), equalTo("processing"));
        assertThat(progress.logs(), equalTo("rendering shirt\n"));
        assertThat(progress.startedAt(), equalTo(Instant.parse("2026-11-28T10:00:01Z")));
        assertThat(progress.providerPredictionId(), equalTo("gm3qorzdhgbfurvjtvhg6dckhu"));
    }

    @Test
    void turnsStartingIntoProgressWithoutAStartTime() throws Exception {
        var progress = (PredictionProgressed) translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"starting","started_at":null}""");

        assertThat(progress.status(), equalTo("starting"));
        assertThat(progress.startedAt(), nullValue());
    }

    @Test
    void refusesAStatusThatReplicateDoesNotDocument() {
        var thrown = assertThrows(UntranslatableCallbackException.class, () -> translate("""
                {"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"exploded"}"""));

        assertThat(thrown.getMessage(), equalTo("unknown prediction status 'exploded'"));
    }

    @Test
    void knowsWhichStatusesAreFinished() throws Exception {
        for (String status : List.of("succeeded", "failed", "canceled", "aborted")) {
            assertThat(status, body(status).finished(), equalTo(true));
        }
        for (String status : List.of("starting", "processing")) {
            assertThat(status, body(status).finished(), equalTo(false));
        }
    }

    private static Object translate(String json) throws JsonProcessingException {
        return ReplicateTranslation.translate(JSON.readValue(json, ReplicatePrediction.class), DISPATCH, NOW);
    }

    private static ReplicatePrediction body(String status) throws JsonProcessingException {
        return JSON.readValue("{\"id\":\"p\",\"status\":\"" + status + "\"}", ReplicatePrediction.class);
    }
}
