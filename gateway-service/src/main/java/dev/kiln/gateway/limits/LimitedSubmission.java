package dev.kiln.gateway.limits;

import dev.kiln.gateway.prediction.Prediction;
import dev.kiln.gateway.prediction.Submission;
import dev.kiln.gateway.prediction.SubmissionUncertainException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A submission within its caller's limits: counted first (one Redis round trip), then accepted; taken back out of
 * the counts when it could not be accepted, so that a 503 costs the caller nothing.
 */
@ApplicationScoped
public class LimitedSubmission {

    /**
     * The accepted prediction, the limit nearest to refusing the caller's next submission, and how many predictions
     * wait for dispatch before it (null: none, it is not waiting).
     */
    public record Accepted(Prediction prediction, Admission admission, Integer queuePosition) {
    }

    private final SubmissionLimits limits;
    private final Submission submission;

    LimitedSubmission(SubmissionLimits limits, Submission submission) {
        this.limits = limits;
        this.submission = submission;
    }

    /** @throws LimitExceededException through the Uni when a limit refuses; nothing was counted or created then */
    public Uni<Accepted> submit(Prediction prediction, boolean anonymous) {
        return limits.admit(prediction.owner(), anonymous, prediction.id())
                .chain(admission -> submission.submit(prediction)
                        // A submission that may have been accepted keeps its place in the counts.
                        .onFailure(failure -> !(failure instanceof SubmissionUncertainException))
                        .call(() -> limits.withdraw(prediction.owner(), anonymous, prediction.id())
                                .onFailure().recoverWithNull())
                        .map(accepted -> new Accepted(accepted.prediction(), admission, accepted.queuePosition())));
    }
}
