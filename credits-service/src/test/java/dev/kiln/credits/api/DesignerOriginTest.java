package dev.kiln.credits.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The jersey designer page, served by the gateway on another origin locally (port 8080), reads the caller's balance
 * here with a bearer token: the browser asks first (a CORS preflight), and only the page's origin is allowed.
 */
@QuarkusTest
class DesignerOriginTest {

    @Test
    void letsTheDesignerPageReadTheBalanceWithABearerToken() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/v1/credits/balance")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("http://localhost:8080"))
                .header("Access-Control-Allow-Headers", equalToIgnoringCase("authorization"));
    }

    @Test
    void allowsNoOtherOrigin() {
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/v1/credits/balance")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
