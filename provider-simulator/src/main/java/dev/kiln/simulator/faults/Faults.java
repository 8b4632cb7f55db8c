package dev.kiln.simulator.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.kiln.problem.FieldError;

/**
 * The misbehaviour the simulator is asked for, as GET/PUT /_sim/faults show it (snake_case JSON). Rates are
 * probabilities in [0, 1]; every fault is off by default.
 *
 * <p>Creates can fail with several statuses at once: {@code create_failures} maps a status to its share of creates
 * (e.g. 500 at 0.1 and 429 at 0.05). The older pair {@code create_failure_status} + {@code create_failure_rate} is
 * one more such entry, kept so that existing callers keep working; the shares of both add up.
 */
public record Faults(
        double failureRate,
        double timeScale,
        double dropWebhooks,
        double duplicateWebhooks,
        long delayWebhooksMs,
        double reorderWebhooks,
        SortedMap<Integer, Double> createFailures,
        Integer createFailureStatus,
        double createFailureRate,
        Long seed) {

    /** The statuses a create can be made to fail with: rate limiting and server errors. */
    public static final Set<Integer> CREATE_FAILURE_STATUSES = Set.of(429, 500, 502, 503, 504);

    public Faults {
        // Ordered by status, so that a seeded draw maps to the same status whatever order the JSON named them in.
        createFailures = createFailures == null ? new TreeMap<>() : new TreeMap<>(createFailures);
    }

    public static Faults none(double timeScale, Long seed) {
        return new Faults(0, timeScale, 0, 0, 0, 0, null, null, 0, seed);
    }

    /** Every status a create may fail with and its share, the older single pair included. */
    public SortedMap<Integer, Double> createFailureShares() {
        SortedMap<Integer, Double> shares = new TreeMap<>(createFailures);
        if (createFailureStatus != null && createFailureRate > 0) {
            shares.merge(createFailureStatus, createFailureRate, Double::sum);
        }
        return shares;
    }

    /** What is wrong with these settings, one message per field; empty when they are usable. */
    public List<FieldError> invalidFields() {
        List<FieldError> problems = new ArrayList<>();
        rate(problems, "failure_rate", failureRate);
        rate(problems, "drop_webhooks", dropWebhooks);
        rate(problems, "duplicate_webhooks", duplicateWebhooks);
        rate(problems, "reorder_webhooks", reorderWebhooks);
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
        for (Map.Entry<Integer, Double> entry : createFailures.entrySet()) {
            String field = "create_failures." + entry.getKey();
            if (!CREATE_FAILURE_STATUSES.contains(entry.getKey())) {
                problems.add(new FieldError(field, "is not a status a create can fail with: 429, 500, 502, 503 or 504"));
            }
            rate(problems, field, entry.getValue() == null ? Double.NaN : entry.getValue());
        }
        double total = createFailureShares().values().stream().mapToDouble(Double::doubleValue).sum();
        if (problems.isEmpty() && total > 1 + 1e-9) {
            problems.add(new FieldError("create_failures",
                    "the shares of failing creates add up to " + total + ", more than 1"));
        }
        return problems;
    }

    private static void rate(List<FieldError> problems, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            problems.add(new FieldError(field, "must be between 0 and 1"));
        }
    }
}
