package dev.kiln.credits;

import static org.hamcrest.Matchers.equalTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import dev.kiln.credits.events.EventTypes;
import dev.kiln.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConcurrentReservationsTest {

    private static final Logger LOG = Logger.getLogger(ConcurrentReservationsTest.class);
    private static final int REQUESTS = 50;
    private static final int COVERED = 10;

    @Test
    void fiftySimultaneousRequestsReserveExactlyWhatTheBalanceCoversAndRedeliveriesChangeNothing() {
        String user = TestEvents.user();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add(TestEvents.predictionId());
        }
        try (KafkaProbe probe = TestEvents.probe(ReservationsTest.RESERVATIONS)) {
            // One request first, so that the time measured below is processing, not the consumers joining the group.
            ReservationsTest.reserve(probe, TestEvents.predictionId(), TestEvents.user(), 1);
            long start = System.nanoTime();
            publishAll(probe, ids, user);
            List<Published> outcomes = firstOutcomes(awaitOutcomes(probe, ids, REQUESTS));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            LOG.infof("%d simultaneous prediction.requested for one user: all outcomes published in %d ms",
                    REQUESTS, millis);

            assertEquals(ids, outcomes.stream().map(Published::predictionId).collect(Collectors.toSet()),
                    "one outcome per request");
            Map<String, List<Published>> byType = outcomes.stream().collect(Collectors.groupingBy(Published::type));
            List<Published> reserved = byType.getOrDefault(EventTypes.CREDITS_RESERVED, List.of());
            List<Published> rejected = byType.getOrDefault(EventTypes.CREDITS_REJECTED, List.of());
            assertEquals(COVERED, reserved.size(), "credits.reserved");
            assertEquals(REQUESTS - COVERED, rejected.size(), "credits.rejected");
            // The reservations ran one after the other under the account's lock: each saw the previous one's balance.
            assertEquals(range(0, COVERED - 1), collect(reserved, Published::available));
            assertEquals(range(1, COVERED), collect(reserved, Published::reserved));
            assertEquals(Set.of(0L), collect(rejected, Published::available));
            balanceAndLedgerAre(user, 0, COVERED, 1 + REQUESTS);

            // Every request delivered twice more: the very same outcomes are published again, and no credit moves.
            publishAll(probe, ids, user);
            publishAll(probe, ids, user);
            List<Published> all = awaitOutcomes(probe, ids, 3 * REQUESTS).stream().map(Published::of).toList();
            Map<String, Set<String>> valuesById = all.stream().collect(
                    Collectors.groupingBy(Published::id, Collectors.mapping(Published::value, Collectors.toSet())));
            assertEquals(REQUESTS, valuesById.size(), "distinct ce_id");
            outcomes.forEach(first -> assertEquals(Set.of(first.value()), valuesById.get(first.id()),
                    "every publication of " + first.id()));
            balanceAndLedgerAre(user, 0, COVERED, 1 + REQUESTS);
        }
    }

    /** Waits for at least {@code count} outcomes of these predictions, and returns all of them so far. */
    private static List<KafkaProbe.Event> awaitOutcomes(KafkaProbe probe, Set<String> ids, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .flatMap(id -> Published.seen(probe, ReservationsTest.RESERVATIONS, id).stream()).toList(),
                events -> events.size() >= count);
    }

    /** The first publication of each outcome (a rebalance may make the service publish one again). */
    private static List<Published> firstOutcomes(List<KafkaProbe.Event> events) {
        Map<String, Published> first = new LinkedHashMap<>();
        events.stream().map(Published::of).forEach(event -> first.putIfAbsent(event.id(), event));
        return List.copyOf(first.values());
    }

    /** Each request sent and acked in turn: the broker has them all within milliseconds. */
    private static void publishAll(KafkaProbe probe, Set<String> ids, String user) {
        for (String id : ids) {
            TestEvents.publish(probe, ReservationsTest.REQUESTED, EventTypes.PREDICTION_REQUESTED, id,
                    TestEvents.requested(id, user, 1));
        }
    }

    private static void balanceAndLedgerAre(String user, int available, int reserved, int entries) {
        Operator.given().get("/v1/credits/accounts/{user}", user).then().statusCode(200)
                .body("available", equalTo(available)).body("reserved", equalTo(reserved));
        Operator.given().queryParam("limit", 100).get("/v1/credits/accounts/{user}/ledger", user).then()
                .statusCode(200).body("entries.size()", equalTo(entries)).body("next", equalTo(null));
    }

    private static Set<Long> collect(List<Published> events, Function<Published, Long> field) {
        return events.stream().map(field).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }
}
