package dev.kiln.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The provider simulator's fault controls (/_sim), which the system tests turn on and off with its token. */
public final class Simulator {

    /** Runs take a fifth of their estimate: a speed jersey about a second. */
    static final String FAST = "{\"time_scale\":0.2}";

    private Simulator() {
    }

    public static void faults(String json) {
        authorized().contentType("application/json").body(json)
                .when().put("/_sim/faults").then().statusCode(200);
    }

    public static void reset() {
        authorized().when().post("/_sim/reset").then().statusCode(200);
    }

    /** A request to the simulator with the provider's API token, which every /v1 and /_sim route wants. */
    public static RequestSpecification authorized() {
        return given().baseUri(url()).header("Authorization", "Bearer " + Stack.providerApiToken());
    }

    /** The signing secret of the simulator's webhooks, drawn at its start; webhook-service fetched the same. */
    static String webhookSecret() {
        return authorized().when().get("/v1/webhooks/default/secret").then().statusCode(200).extract().path("key");
    }

    public static String url() {
        return Stack.serviceUrl("provider-simulator", 8090);
    }
}
