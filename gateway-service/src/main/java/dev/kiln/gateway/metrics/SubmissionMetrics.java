package dev.kiln.gateway.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.kiln.gateway.api.PredictionsResource;
import dev.kiln.gateway.api.PublicPrediction;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_submissions_total} and {@code kiln_submit_duration_seconds}: every answer of POST /v1/predictions, by
 * what it was. Read from the answer, so that no path through the submit (limits, idempotency, identity) can forget
 * to count. Task and mode are known only from an accepted prediction: a refused body's task and mode are whatever
 * the client sent, which must not become labels, so refusals count as task and mode {@code unknown}.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first event
@ApplicationScoped
public class SubmissionMetrics {

    static final String SUBMISSIONS = "kiln.submissions";
    static final String SUBMIT_DURATION = "kiln.submit.duration";
    static final String UNKNOWN = "unknown";
    private static final String STARTED_AT = SubmissionMetrics.class.getName() + ".started";
    private static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final MeterRegistry registry;

    SubmissionMetrics(MeterRegistry registry, TaskCatalog catalog) {
        this.registry = registry;
        // Every series an operator expects from the start, so that a rate over it is 0 rather than absent.
        catalog.tasks().forEach((task, definition) -> definition.modes().keySet()
                .forEach(mode -> submissions(task, mode, "accepted")));
        submitDuration("accepted");
    }

    @ServerRequestFilter
    void start(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (isSubmit(request, resource)) {
            request.setProperty(STARTED_AT, System.nanoTime());
        }
    }

    @ServerResponseFilter
    void count(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED_AT) instanceof Long startedAt)) {
            return;
        }
        String outcome;
        String task = UNKNOWN;
        String mode = UNKNOWN;
        if (response.getEntity() instanceof PublicPrediction prediction) {
            outcome = "true".equals(response.getHeaderString(REPLAYED_HEADER)) ? "replayed" : "accepted";
            task = prediction.task();
            mode = prediction.mode();
        } else if (response.getEntity() instanceof Problem problem && problem.type() != null) {
            // The problem type's slug: one of a fixed list (docs/errors.md).
            outcome = problem.type().substring(problem.type().lastIndexOf('/') + 1);
        } else {
            outcome = "status_" + response.getStatus();
        }
        submissions(task, mode, outcome).increment();
        submitDuration(outcome).record(Duration.ofNanos(System.nanoTime() - startedAt));
    }

    private static boolean isSubmit(ContainerRequestContext request, SimpleResourceInfo resource) {
        return "POST".equals(request.getMethod()) && resource.getResourceClass() == PredictionsResource.class
                && "submit".equals(resource.getMethodName());
    }

    private Counter submissions(String task, String mode, String outcome) {
        return Counter.builder(SUBMISSIONS)
                .description("Answers to POST /v1/predictions, by task, mode and outcome")
                .tags("task", task, "mode", mode, "outcome", outcome)
                .register(registry);
    }

    private Timer submitDuration(String outcome) {
        return Timer.builder(SUBMIT_DURATION)
                .description("Time to answer POST /v1/predictions, by outcome")
                .tags("outcome", outcome)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500))
                .register(registry);
    }
}
