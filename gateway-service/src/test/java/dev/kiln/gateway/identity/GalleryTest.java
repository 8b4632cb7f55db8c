package dev.kiln.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;

/** GET /v1/predictions: the caller's own predictions, newest first, a page at a time. */
@QuarkusTest
class GalleryTest {

    @Test
    void listsOnlyTheCallersPredictionsNewestFirstPageByPage() {
        var alice = KeycloakUsers.create("user");
        var bob = KeycloakUsers.create("user");
        String token = alice.accessToken();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(WhoMayDoWhatTest.submit(token, "speed"));
        }
        String bobs = WhoMayDoWhatTest.submit(bob.accessToken(), "speed");
        List<String> newestFirst = List.of(submitted.get(2), submitted.get(1), submitted.get(0));

        // The list is read from the durable records, written a moment after each 202.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("limit", 10).when().get("/v1/predictions")
                .then().statusCode(200).body("results.id", equalTo(newestFirst)));

        String next = given().auth().oauth2(token).queryParam("limit", 2).when().get("/v1/predictions")
                .then().statusCode(200)
                .body("results.id", equalTo(newestFirst.subList(0, 2)))
                .body("next", startsWith("http://localhost:8080/v1/predictions?limit=2&cursor="))
                .extract().path("next");
        String cursor = next.substring(next.indexOf("cursor=") + "cursor=".length());
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", cursor)
                .when().get("/v1/predictions")
                .then().statusCode(200)
                .body("results.id", equalTo(newestFirst.subList(2, 3)))
                .body("next", nullValue());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(List.of(bobs), given()
                .auth().oauth2(bob.accessToken()).when().get("/v1/predictions").then().extract().path("results.id")));
    }

    @Test
    void anAnonymousCallerHasNoListAndIsToldToSignIn() {
        given().when().get("/v1/predictions")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
    }

    @Test
    void refusesALimitOutOfRangeAndACursorItNeverGaveOut() {
        String token = KeycloakUsers.create("user").accessToken();
        for (String limit : new String[] {"0", "101", "ten"}) {
            given().auth().oauth2(token).queryParam("limit", limit).when().get("/v1/predictions")
                    .then().statusCode(400).body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
        }
        given().auth().oauth2(token).queryParam("cursor", "bm90LWEtY3Vyc29y").when().get("/v1/predictions")
                .then().statusCode(400).body("type", equalTo("https://kiln.dev/problems/invalid-parameter"));
    }
}
