package dev.kiln.e2e;

import static io.restassured.RestAssured.given;

/** The provider simulator's fault controls (/_sim), which the system tests turn on and off. */
final class Simulator {

    /** Runs take a fifth of their estimate: a speed jersey about a second. */
    static final String FAST = "{\"time_scale\":0.2}";

    private Simulator() {
    }

    static void faults(String json) {
        given().baseUri(url()).contentType("application/json").body(json)
                .when().put("/_sim/faults").then().statusCode(200);
    }

    static void reset() {
        given().baseUri(url()).when().post("/_sim/reset").then().statusCode(200);
    }

    static String url() {
        return Stack.serviceUrl("provider-simulator", 8090);
    }
}
