package dev.kiln.simulator.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.kiln.problem.FieldError;

/**
 * The misbehaviour the simulator is asked for, as GET/PUT /_sim/faults show it (snake_case JSON). Rates are
 * probabilities in [0, 1]; every fault is off by default.
 */
public record Faults(
        double failureRate,
        double timeScale,
        double dropWebhooks,
        double duplicateWebhooks,
        long delayWebhooksMs,
        boolean reorderWebhooks,
        Integer createFailureStatus,
        double createFailureRate,
        Long seed) {

    /** The statuses a create can be made to fail with: rate limiting and server errors. */
    public static final Set<Integer> CREATE_FAILURE_STATUSES = Set.of(429, 500, 502, 503, 504);

    public static Faults none(double timeScale, Long seed) {
        return new Faults(0, timeScale, 0, 0, 0, false, null, 0, seed);
    }

    /** What is wrong with these settings, one message per field; empty when they are usable. */
    public List<FieldError> invalidFields() {
        List<FieldError> problems = new ArrayList<>();
        rate(problems, "failure_rate", failureRate);
        rate(problems, "drop_webhooks", dropWebhooks);
        rate(problems, "duplicate_webhooks", duplicateWebhooks);
        rate(problems, "create_failure_rate", createFailureRate);
        if (!(timeScale > 0 && timeScale <= 100)) {
            problems.add(new FieldError("time_scale", "must be greater than 0 and at most 100"));
        }
        if (delayWebhooksMs < 0 || delayWebhooksMs > 600_000) {
            problems.add(new FieldError("delay_webhooks_ms", "must be between 0 and 600000"));
        }
        if (createFailureStatus != null && !CREATE_FAILURE_STATUSES.contains(createFailureStatus)) {
            problems.add(new FieldError("create_failure_status", "must be null, 429, 500, 502, 503 or 504"));
        }
        if (createFailureStatus == null && createFailureRate > 0) {
            problems.add(new FieldError("create_failure_rate", "needs a create_failure_status"));
        }
        return problems;
    }

    private static void rate(List<FieldError> problems, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(new FieldError(field, "must be between 0 and 1"));
        }
    }
}
