package dev.kiln.gateway.limits;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.kiln.gateway.prediction.PredictionIds;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The limits' script against the real Redis, with small limits of the test's own and a caller per test. */
@QuarkusTest
class SubmissionLimitsTest {

    @Inject
    SubmissionLimits limits;

    private static String newCaller() {
        return "test-user:" + UUID.randomUUID();
    }

    private static Limit inFlight(int max, Duration expiry) {
        return new Limit(Limit.Kind.IN_FLIGHT, max, expiry, Duration.ofSeconds(5));
    }

    private Admission admit(String caller, List<Limit> applied) {
        return limits.admit(caller, applied, PredictionIds.next()).await().atMost(Duration.ofSeconds(5));
    }

    private LimitExceededException refusal(String caller, List<Limit> applied) {
        return assertThrows(LimitExceededException.class, () -> admit(caller, applied));
    }

    @Test
    void fiftyConcurrentSubmissionsAgainstACapOfFiveAdmitExactlyFive() {
        String caller = newCaller();
        List<Limit> cap = List.of(inFlight(5, Duration.ofMinutes(10)));

        List<Uni<Boolean>> all = IntStream.range(0, 50)
                .mapToObj(i -> limits.admit(caller, cap, PredictionIds.next())
                        .map(admission -> true)
                        .onFailure(LimitExceededException.class).recoverWithItem(false))
                .toList();
        List<Boolean> outcomes = Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(10));

        assertEquals(5, outcomes.stream().filter(admitted -> admitted).count());
    }

    @Test
    void aReleasedSlotAdmitsTheNextSubmission() {
        String caller = newCaller();
        List<Limit> cap = List.of(inFlight(2, Duration.ofMinutes(10)));
        String first = PredictionIds.next();
        limits.admit(caller, cap, first).await().atMost(Duration.ofSeconds(5));
        admit(caller, cap);
        Admission refused = refusal(caller, cap).refusal();
        assertEquals(Duration.ofSeconds(5), refused.reset(), "an in-flight refusal advises the configured wait");

        limits.release(caller, first).await().atMost(Duration.ofSeconds(5));
        limits.release(caller, first).await().atMost(Duration.ofSeconds(5)); // twice is harmless

        assertEquals(0, admit(caller, cap).remaining());
        refusal(caller, cap);
    }

    @Test
    void aSlotWhoseReleaseWasLostFreesItselfAfterTheExpiry() {
        String caller = newCaller();
        List<Limit> cap = List.of(inFlight(1, Duration.ofSeconds(1)));
        admit(caller, cap);
        refusal(caller, cap);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try {
                        admit(caller, cap);
                        return true;
                    } catch (LimitExceededException stillHeld) {
                        return false;
                    }
                });
    }

    @Test
    void theRateCountsASlidingWindowAndSaysWhenTheNextSubmissionFits() {
        String caller = newCaller();
        List<Limit> rate = List.of(new Limit(Limit.Kind.RATE, 3, Duration.ofMinutes(1), null));

        assertEquals(2, admit(caller, rate).remaining());
        assertEquals(1, admit(caller, rate).remaining());
        Admission last = admit(caller, rate);
        assertEquals(0, last.remaining());
        assertTrue(last.reset().compareTo(Duration.ofSeconds(55)) > 0, "the oldest frees in about a minute");

        Admission refused = refusal(caller, rate).refusal();
        assertFalse(refused.admitted());
        assertEquals(Limit.Kind.RATE, refused.limit().kind());
        assertEquals(0, refused.remaining());
        assertTrue(refused.reset().compareTo(Duration.ofSeconds(55)) > 0
                && refused.reset().compareTo(Duration.ofMinutes(1)) <= 0, "reset " + refused.reset());
        assertEquals(refused.reset().toSeconds() + 1, refused.retryAfterSeconds(), "whole seconds, rounded up");
    }

    @Test
    void aRefusedSubmissionCountsInNoLimit() {
        String caller = newCaller();
        List<Limit> both = List.of(new Limit(Limit.Kind.RATE, 3, Duration.ofMinutes(1), null),
                inFlight(1, Duration.ofMinutes(10)));
        admit(caller, both);
        refusal(caller, both);
        refusal(caller, both);

        // Had the refusals counted, the rate (3) would be spent; it has counted one submission, and this is the second.
        List<Limit> rateOnly = List.of(both.get(0));
        assertEquals(1, admit(caller, rateOnly).remaining());
    }

    @Test
    void aWithdrawnSubmissionCountsNoLonger() {
        String caller = newCaller();
        List<Limit> rateAndCap = List.of(new Limit(Limit.Kind.RATE, 2, Duration.ofMinutes(1), null),
                inFlight(1, Duration.ofMinutes(10)));
        String withdrawn = PredictionIds.next();
        limits.admit(caller, rateAndCap, withdrawn).await().atMost(Duration.ofSeconds(5));

        limits.withdraw(caller, false, withdrawn).await().atMost(Duration.ofSeconds(5));

        Admission next = admit(caller, rateAndCap);
        assertEquals(0, next.remaining(), "the in-flight slot is free again");
        assertEquals(Limit.Kind.IN_FLIGHT, next.limit().kind());
        admit(caller, List.of(rateAndCap.get(0))); // and the rate has its second submission left
    }

    @Test
    void theLimitThatRefusesWithTheLongestWaitIsTheOneReported() {
        String caller = newCaller();
        List<Limit> rateAndQuota = List.of(new Limit(Limit.Kind.RATE, 1, Duration.ofMinutes(1), null),
                new Limit(Limit.Kind.ANONYMOUS_QUOTA, 1, Duration.ofHours(24), null));
        admit(caller, rateAndQuota);

        LimitExceededException refused = refusal(caller, rateAndQuota);
        assertEquals(Limit.Kind.ANONYMOUS_QUOTA, refused.refusal().limit().kind());
        assertTrue(refused.getMessage().contains("1 predictions in 24 hours"), refused.getMessage());
    }
}
