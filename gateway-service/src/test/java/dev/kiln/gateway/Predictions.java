package dev.kiln.gateway;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** Submits predictions through the public API, as clients do. */
public final class Predictions {

    private Predictions() {
    }

    /** Submits a speed jersey whose prompt carries {@code marker}, so that provider stubs can tell it apart. */
    public static String submit(String marker) {
        return given().contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions")
                .then().statusCode(202).extract().path("id");
    }

    /**
     * The anonymous client whose predictions the test profile's sweeps (deadlines, provider cancels) take
     * ({@code %test.kiln.gateway.sweep-owners}): the tests share PostgreSQL with a running stack.
     */
    public static final String SWEPT_CLIENT = "192.0.2.10";

    /** Submits as {@link #SWEPT_CLIENT}, whose predictions the sweeps end and whose cancels they send again. */
    public static String submitAsSweptCaller(String marker) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", SWEPT_CLIENT)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A kit " + marker + "\"}}")
                .when().post("/v1/predictions")
                .then().statusCode(202).extract().path("id");
    }

    public static String status(String id) {
        return given().when().get("/v1/predictions/" + id).then().statusCode(200).extract().path("status");
    }
}
