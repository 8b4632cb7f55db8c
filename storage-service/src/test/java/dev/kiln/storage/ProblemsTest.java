package dev.kiln.storage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** storage-service has no API of its own, but what it answers on a wrong request is the same as every service's. */
@QuarkusTest
class ProblemsTest {

    @Test
    void anUnknownPathIsANotFoundProblem() {
        given().get("/v1/storage/nothing-here").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/not-found"))
                .body("status", equalTo(404));
    }
}
