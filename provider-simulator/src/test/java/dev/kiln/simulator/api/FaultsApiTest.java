package dev.kiln.simulator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class FaultsApiTest {

    @AfterEach
    void resetFaults() {
        Simulator.resetFaults();
    }

    @Test
    void everyFaultIsOffByDefault() {
        given().get("/_sim/faults").then().statusCode(200)
                .body("failure_rate", equalTo(0f))
                .body("time_scale", equalTo(0.02f))
                .body("drop_webhooks", equalTo(0f))
                .body("duplicate_webhooks", equalTo(0f))
                .body("delay_webhooks_ms", equalTo(0))
                .body("reorder_webhooks", equalTo(false))
                .body("create_failure_status", nullValue())
                .body("create_failure_rate", equalTo(0f))
                .body("seed", nullValue());
    }

    @Test
    void putSetsTheNamedFieldsAndKeepsTheOthersUntilReset() {
        Simulator.faults(Map.of("failure_rate", 0.25));
        given().contentType(ContentType.JSON).body(Map.of("delay_webhooks_ms", 20)).put("/_sim/faults")
                .then().statusCode(200)
                .body("failure_rate", equalTo(0.25f))
                .body("delay_webhooks_ms", equalTo(20));

        given().post("/_sim/reset").then().statusCode(200)
                .body("failure_rate", equalTo(0f))
                .body("delay_webhooks_ms", equalTo(0));
    }

    @Test
    void outOfRangeOrUnknownSettingsAreA422AndChangeNothing() {
        given().contentType(ContentType.JSON).body(Map.of("failure_rate", 1.5, "create_failure_status", 404))
                .put("/_sim/faults")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", contains("failure_rate", "create_failure_status"));
        given().contentType(ContentType.JSON).body(Map.of("explode", true)).put("/_sim/faults")
                .then().statusCode(422)
                .body("errors.field", contains("explode"));

        given().get("/_sim/faults").then().body("failure_rate", equalTo(0f));
    }
}
