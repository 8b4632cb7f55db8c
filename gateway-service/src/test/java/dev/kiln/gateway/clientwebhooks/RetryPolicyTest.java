package dev.kiln.gateway.clientwebhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** When a failed delivery is tried again: Standard Webhooks' schedule, jitter, Retry-After, the end. */
class RetryPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final List<Duration> STANDARD = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));

    @Test
    void followsTheScheduleWithinItsJitterAndEndsAfterTheLastAttempt() {
        RetryPolicy policy = new RetryPolicy(STANDARD, 0.1, Duration.ofHours(24));
        for (int made = 1; made < STANDARD.size(); made++) {
            long delay = Duration.between(NOW, policy.next(made, 500, null, NOW).orElseThrow()).toMillis();
            long planned = STANDARD.get(made).toMillis();
            assertTrue(delay >= planned * 0.9 && delay <= planned * 1.1, "attempt " + made + ": " + delay);
        }
        assertEquals(Optional.empty(), policy.next(STANDARD.size(), 500, null, NOW), "ten attempts in all");
    }

    @Test
    void honoursRetryAfterOn429And502And504OnlyAndCapsIt() {
        RetryPolicy policy = new RetryPolicy(STANDARD, 0, Duration.ofHours(1));
        assertEquals(NOW.plusSeconds(120), policy.next(1, 429, "120", NOW).orElseThrow());
        assertEquals(NOW.plusSeconds(120), policy.next(1, 504, "Sat, 28 Nov 2026 10:02:00 GMT", NOW).orElseThrow());
        assertEquals(NOW.plusSeconds(3600), policy.next(1, 502, "86400", NOW).orElseThrow(), "capped");
        assertEquals(NOW.plusSeconds(5), policy.next(1, 500, "120", NOW).orElseThrow(), "not on a 500");
        assertEquals(NOW.plusSeconds(300), policy.next(2, 429, "1", NOW).orElseThrow(), "never sooner than planned");
        assertEquals(NOW.plusSeconds(5), policy.next(1, 429, "soon", NOW).orElseThrow(), "unreadable: the schedule");
    }
}
