package dev.kiln.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.kiln.apitokens.ApiTokenRegistry;
import dev.kiln.apitokens.ApiTokens;
import dev.kiln.apitokens.RegisteredToken;
import dev.kiln.gateway.AsShipped;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * The limits as clients meet them, with the shipped numbers. Each test is a caller of its own: an anonymous client
 * address (X-Forwarded-For, believed from 127.0.0.1 in the local and test profiles) or a user with an API token.
 */
@QuarkusTest
@TestProfile(AsShipped.class)
class LimitsTest {

    private static final String JERSEY = "{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit\"}}";

    @Inject
    ApiTokenRegistry tokens;

    private static String newAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private static Response submit(RequestSpecification caller) {
        return caller.contentType(ContentType.JSON).body(JERSEY).when().post("/v1/predictions");
    }

    /** A signed-in user of the test's own, by an API token registered as the gateway registers them. */
    private RequestSpecification newUser() {
        String token = ApiTokens.generate();
        tokens.register(ApiTokens.hash(token), new RegisteredToken(UUID.randomUUID().toString(),
                "test-user-" + UUID.randomUUID(), Set.of("user"), null)).await().atMost(Duration.ofSeconds(5));
        return given().header("Authorization", "Bearer " + token);
    }

    @Test
    void theFourthAnonymousSubmissionInADayIsRefusedUntilTheFirstLeavesTheWindow() {
        String address = newAddress();
        for (int remaining = 2; remaining >= 0; remaining--) {
            Response accepted = submit(given().header("X-Forwarded-For", address));
            accepted.then().statusCode(202)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", Integer.toString(remaining));
            long reset = Long.parseLong(accepted.header("RateLimit-Reset"));
            assertTrue(reset > 86_390 && reset <= 86_400, "the first submission leaves the window in 24 h: " + reset);
        }

        Response refused = submit(given().header("X-Forwarded-For", address));

        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/quota-exhausted"))
                .header("RateLimit-Limit", "3")
                .header("RateLimit-Remaining", "0");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 86_390 && retryAfter <= 86_400, "Retry-After " + retryAfter);
        assertEquals(refused.header("Retry-After"), refused.header("RateLimit-Reset"));

        submit(given().header("X-Forwarded-For", newAddress())).then().statusCode(202); // another address has its own
    }

    @Test
    void fiftyConcurrentSubmissionsOfOneUserAcceptExactlyTheInFlightCap() {
        RequestSpecification user = newUser();
        submit(newUser()).then().statusCode(202); // warms the API token path up; another user
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(50);
        List<Response> answers;
        try {
            List<CompletableFuture<Response>> futures = IntStream.range(0, 50)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return submit(given().spec(user));
                    }, clients))
                    .toList();
            start.countDown();
            answers = futures.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
        }

        assertEquals(5, answers.stream().filter(answer -> answer.statusCode() == 202).count());
        for (Response answer : answers) {
            if (answer.statusCode() != 202) {
                assertEquals(429, answer.statusCode(), answer.asString());
                assertEquals("https://kiln.dev/problems/rate-limited", answer.path("type"));
                assertEquals("5", answer.header("Retry-After"));
                assertEquals("5", answer.header("RateLimit-Limit"));
                assertEquals("0", answer.header("RateLimit-Remaining"));
            }
        }
    }

    @Test
    void theTwentyFirstSubmissionOfAMinuteIsRefusedWithTheWaitForTheOldest() {
        RequestSpecification user = newUser();
        for (int i = 0; i < 20; i++) {
            String id = submit(given().spec(user)).then().statusCode(202).extract().path("id");
            given().spec(user).when().post("/v1/predictions/" + id + "/cancel").then().statusCode(202);
        }

        Response refused = submit(given().spec(user));

        refused.then().statusCode(429)
                .body("type", equalTo("https://kiln.dev/problems/rate-limited"))
                .header("RateLimit-Limit", "20")
                .header("RateLimit-Remaining", "0");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 30 && retryAfter <= 60, "the oldest leaves within the minute: " + retryAfter);
    }
}
