package dev.kiln.simulator.api;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** The simulator's API as the tests call it. */
public final class Simulator {

    /** The local profile's token, which tests inherit. */
    public static final String TOKEN = "kiln-local-token";

    private Simulator() {
    }

    public static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    public static ValidatableResponse create(String model, Map<String, Object> body) {
        return authorized().contentType(ContentType.JSON).body(body)
                .post("/v1/models/" + model + "/predictions").then();
    }

    public static ValidatableResponse get(String id) {
        return authorized().get("/v1/predictions/" + id).then();
    }

    public static void faults(Map<String, Object> faults) {
        authorized().contentType(ContentType.JSON).body(faults).put("/_sim/faults").then().statusCode(200);
    }

    public static void resetFaults() {
        authorized().post("/_sim/reset").then().statusCode(200);
    }

    public static Map<String, Object> jersey(String style) {
        return Map.of("prompt", "a " + style + " jersey for the test", "team_name", "Test Rovers",
                "player_name", "Tester", "number", "8", "primary_color", "#0033A0", "secondary_color", "#FFD100",
                "style", style);
    }
}
