package dev.kiln.e2e.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.e2e.Anonymous;
import dev.kiln.e2e.Credits;
import dev.kiln.e2e.Gateway;
import dev.kiln.e2e.Users;

/**
 * The steady load: a planned number of submissions spread evenly over the load's duration, each by a signed-in user
 * with credits (speed, quality or scene) or by an anonymous client (speed, free); some callers cancel a moment later.
 * Every choice comes from the seed, so a replay submits the same things in the same order. A submission counts as
 * accepted only when the gateway answered 202 with an id: those are the ones the invariants hold for.
 */
final class Load {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Extra credits for each user, on top of the welcome grant, so that a run is never short of credits. */
    static final int GRANT = 60;
    private static final double ANONYMOUS_SHARE = 0.35;
    private static final double CANCEL_SHARE = 0.1;

    /** Who submits: the owner id as Kiln knows it, and the header that identifies them to the gateway. */
    record Client(String owner, String header, String value, boolean anonymous) {
    }

    record Accepted(String id, Client client, String mode, Instant at) {
    }

    record Planned(Client client, String mode) {
    }

    private final ChaosSettings settings;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Client> users = new ArrayList<>();
    final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    /** Submissions never answered 202, by their last answer (a status, or no answer and why). */
    final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    /** Who made each submission, by its number (its prompt names it). */
    final Map<Integer, Planned> planned = new ConcurrentHashMap<>();
    final AtomicInteger acceptedAfterRetry = new AtomicInteger();
    final Map<String, String> cancelAnswers = new ConcurrentHashMap<>();
    final AtomicInteger cancelsAsked = new AtomicInteger();

    Load(ChaosSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /**
     * Signed-in users, each granted credits by the admin (with an idempotency key, so a retry grants once); made four
     * at a time, kept in the order of their number so that the seed's choices name the same users.
     */
    List<Client> prepareUsers() {
        String admin = Users.admin();
        users.addAll(java.util.stream.IntStream.range(0, settings.users()).parallel().mapToObj(i -> {
            Users.User user = Users.create();
            Credits.balance(user);   // opens the account with the welcome grant
            io.restassured.RestAssured.given().baseUri(Credits.url())
                    .header("Authorization", "Bearer " + admin)
                    .header("Idempotency-Key", "chaos-" + UUID.randomUUID())
                    .contentType("application/json")
                    .body(Map.of("user_id", user.id(), "amount", GRANT, "reason", "chaos suite"))
                    .when().post("/v1/admin/credits/grants")
                    .then().statusCode(201);
            return new Client(user.id(), "Authorization", "Bearer " + user.accessToken(), false);
        }).toList());
        return List.copyOf(users);
    }

    /** Submits on schedule and returns when the last submission and cancel have been answered or given up. */
    void run() throws InterruptedException {
        int count = settings.predictions();
        long spacingMs = settings.load().toMillis() / Math.max(1, count);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(48);
        try {
            for (int i = 0; i < count; i++) {
                Client client;
                String mode;
                if (random.nextDouble() < ANONYMOUS_SHARE) {
                    Anonymous anonymous = Anonymous.client();
                    client = new Client(anonymous.userId(), "X-Forwarded-For", anonymous.address(), true);
                    mode = "speed";
                } else {
                    client = users.get(random.nextInt(users.size()));
                    double pick = random.nextDouble();
                    mode = pick < 0.5 ? "speed" : pick < 0.85 ? "quality" : "scene";
                }
                boolean cancels = random.nextDouble() < CANCEL_SHARE;
                long cancelAfterMs = 200 + random.nextInt(3000);
                int number = i;
                clock.schedule(() -> callers.execute(() -> submit(client, mode, number, cancels, cancelAfterMs,
                        clock, callers)), i * spacingMs, TimeUnit.MILLISECONDS);
            }
        } finally {
            clock.schedule(clock::shutdown, settings.load().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        }
        clock.awaitTermination(settings.load().toMillis() + 60_000, TimeUnit.MILLISECONDS);
        callers.shutdown();
        callers.awaitTermination(150, TimeUnit.SECONDS);
    }

    /**
     * Submits as a careful client does: with an idempotency key, again after no answer, a 5xx or a 409 of a key still
     * in progress (Retry-After), for up to a minute; so that a crash between the gateway's accepting and its answer
     * neither loses the submission nor makes a second one.
     */
    private void submit(Client client, String mode, int number, boolean cancels, long cancelAfterMs,
                        ScheduledExecutorService clock, ExecutorService callers) {
        planned.put(number, new Planned(client, mode));
        String prompt = prompt(number);
        Instant giveUp = Instant.now().plusSeconds(60);
        String outcome = "no answer";
        int tries = 0;
        while (Instant.now().isBefore(giveUp)) {
            tries++;
            HttpRequest request = HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/predictions"))
                    .timeout(Duration.ofSeconds(20))
                    .header(client.header(), client.value())
                    .header("Idempotency-Key", "chaos-" + settings.seed() + "-" + number)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Gateway.body(mode, prompt)))
                    .build();
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status == 202) {
                    String id = JSON.readTree(answer.body()).path("id").asText();
                    accepted.add(new Accepted(id, client, mode, Instant.now()));
                    if (tries > 1) {
                        acceptedAfterRetry.incrementAndGet();
                    }
                    if (cancels) {
                        scheduleCancel(client, id, cancelAfterMs, clock, callers);
                    }
                    return;
                }
                outcome = Integer.toString(status);
                if (status < 500 && status != 409) {
                    break;   // refused for good: a limit, no credits, invalid
                }
            } catch (java.net.http.HttpTimeoutException e) {
                outcome = "no answer (timeout)";
            } catch (IOException e) {
                outcome = "no answer (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // The caller's own pause between two tries, as a client would make it.
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        refused.computeIfAbsent(outcome, key -> new AtomicInteger()).incrementAndGet();
    }

    private void scheduleCancel(Client client, String id, long cancelAfterMs, ScheduledExecutorService clock,
                                ExecutorService callers) {
        try {
            clock.schedule(() -> callers.execute(() -> cancel(client, id)), cancelAfterMs, TimeUnit.MILLISECONDS);
            cancelsAsked.incrementAndGet();
        } catch (java.util.concurrent.RejectedExecutionException tooLate) {
            // answered after the load ended (a slow submit during an outage): this caller no longer cancels
        }
    }

    /** The prompt of submission number n of this seed: how the checker finds a submission that got no answer. */
    String prompt(int number) {
        return "chaos " + settings.seed() + " #" + number;
    }

    /** Asks until the gateway answers 202 or 409 (already finished), for up to 30 s. */
    private void cancel(Client client, String id) {
        Instant giveUp = Instant.now().plusSeconds(30);
        String last = "no answer";
        while (Instant.now().isBefore(giveUp)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/predictions/" + id + "/cancel"))
                    .timeout(Duration.ofSeconds(10))
                    .header(client.header(), client.value())
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                last = Integer.toString(status);
                if (status == 202 || status == 409) {
                    break;
                }
            } catch (IOException e) {
                last = "no answer";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // The caller's own pause between two tries, as a client would make it.
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        cancelAnswers.put(id, last);
    }

    /** The prediction as its owner sees it at the gateway, or null when the gateway does not answer 200. */
    JsonNode read(Accepted prediction) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/predictions/" + prediction.id()))
                .timeout(Duration.ofSeconds(10))
                .header(prediction.client().header(), prediction.client().value())
                .GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The user's balance as credits-service answers it, or null. */
    JsonNode balance(Client user) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Credits.url() + "/v1/credits/balance"))
                .timeout(Duration.ofSeconds(10)).header(user.header(), user.value()).GET().build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    List<Client> users() {
        return List.copyOf(users);
    }
}
