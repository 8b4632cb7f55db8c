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

    public static String status(String id) {
        return given().when().get("/v1/predictions/" + id).then().statusCode(200).extract().path("status");
    }
}
