package dev.kiln.webhook.api;

import java.util.Optional;

/** A webhook answered with a problem; {@code retryAfterSeconds} tells the provider when to call again. */
class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Optional<Integer> retryAfterSeconds;

    ProblemException(Problem problem, Optional<Integer> retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Problem problem() {
        return problem;
    }

    Optional<Integer> retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ProblemException unknownProvider(String provider) {
        return new ProblemException(Problem.of("unknown-provider", "Unknown provider", 404,
                "No provider named '" + provider + "' is configured to send webhooks here"), Optional.empty());
    }

    static ProblemException notDispatchedYet(String providerPredictionId) {
        return new ProblemException(Problem.of("not-dispatched-yet", "Prediction not dispatched yet", 503,
                "Provider prediction " + providerPredictionId + " is not (yet) recorded as dispatched by Kiln; "
                        + "retry shortly"), Optional.of(1));
    }

    static ProblemException strayNotCanceled(String providerPredictionId) {
        return new ProblemException(Problem.of("stray-not-canceled", "Stray prediction not canceled", 503,
                "Provider prediction " + providerPredictionId + " is a stray of a crashed dispatch and could not be "
                        + "canceled yet; retry so that the cancel is tried again"), Optional.of(5));
    }

    static ProblemException inFlight(String webhookId) {
        return new ProblemException(Problem.of("webhook-in-flight", "Webhook being processed", 503,
                "Another delivery of webhook " + webhookId + " is being processed; retry shortly"), Optional.of(1));
    }
}
