package dev.kiln.simulator.api;

import static dev.kiln.simulator.api.Simulator.authorized;
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
        authorized().get("/_sim/faults").then().statusCode(200)
                .body("failure_rate", equalTo(0f))
                .body("time_scale", equalTo(0.02f))
                .body("drop_webhooks", equalTo(0f))
                .body("duplicate_webhooks", equalTo(0f))
                .body("delay_webhooks_ms", equalTo(0))
                .body("reorder_webhooks", equalTo(0f))
                .body("create_failures", equalTo(Map.of()))
                .body("create_failure_status", nullValue())
                .body("create_failure_rate", equalTo(0f))
                .body("seed", nullValue());
    }

    @Test
    void putSetsTheNamedFieldsAndKeepsTheOthersUntilReset() {
        Simulator.faults(Map.of("failure_rate", 0.25));
        authorized().contentType(ContentType.JSON).body(Map.of("delay_webhooks_ms", 20)).put("/_sim/faults")
                .then().statusCode(200)
                .body("failure_rate", equalTo(0.25f))
                .body("delay_webhooks_ms", equalTo(20));

        authorized().post("/_sim/reset").then().statusCode(200)
                .body("failure_rate", equalTo(0f))
                .body("delay_webhooks_ms", equalTo(0));
    }

    @Test
    void reorderWebhooksIsAShareAndTrueOrFalseStillMeanAllOrNone() {
        Simulator.faults(Map.of("reorder_webhooks", true));
        authorized().get("/_sim/faults").then().body("reorder_webhooks", equalTo(1f));
        Simulator.faults(Map.of("reorder_webhooks", 0.2));
        authorized().get("/_sim/faults").then().body("reorder_webhooks", equalTo(0.2f));
        Simulator.faults(Map.of("reorder_webhooks", false));
        authorized().get("/_sim/faults").then().body("reorder_webhooks", equalTo(0f));
    }

    @Test
    void createFailuresNameSeveralStatusesAndAPutReplacesTheWholeMap() {
        Simulator.faults(Map.of("create_failures", Map.of("500", 0.1, "429", 0.05)));
        authorized().get("/_sim/faults").then()
                .body("create_failures.500", equalTo(0.1f))
                .body("create_failures.429", equalTo(0.05f));
        Simulator.faults(Map.of("create_failures", Map.of("503", 0.2)));
        authorized().get("/_sim/faults").then().body("create_failures", equalTo(Map.of("503", 0.2f)));
    }

    @Test
    void createFailuresWithAnUnknownStatusABadShareOrSharesAboveOneAreA422() {
        authorized().contentType(ContentType.JSON).body(Map.of("create_failures", Map.of("404", 0.1, "500", 1.5)))
                .put("/_sim/faults")
                .then().statusCode(422)
                .body("errors.field", contains("create_failures.404", "create_failures.500"));
        authorized().contentType(ContentType.JSON)
                .body(Map.of("create_failures", Map.of("500", 0.7), "create_failure_status", 429,
                        "create_failure_rate", 0.5))
                .put("/_sim/faults")
                .then().statusCode(422)
                .body("errors.field", contains("create_failures"))
                .body("errors.message", contains("the shares of failing creates add up to 1.2, more than 1"));
        authorized().contentType(ContentType.JSON).body(Map.of("reorder_webhooks", 2)).put("/_sim/faults")
                .then().statusCode(422)
                .body("errors.field", contains("reorder_webhooks"));

        authorized().get("/_sim/faults").then().body("create_failures", equalTo(Map.of()));
    }

    @Test
    void outOfRangeOrUnknownSettingsAreA422AndChangeNothing() {
        authorized().contentType(ContentType.JSON).body(Map.of("failure_rate", 1.5, "create_failure_status", 404))
                .put("/_sim/faults")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kiln.dev/problems/invalid-request"))
                .body("errors.field", contains("failure_rate", "create_failure_status"));
        authorized().contentType(ContentType.JSON).body(Map.of("explode", true)).put("/_sim/faults")
                .then().statusCode(422)
                .body("errors.field", contains("explode"));

        authorized().get("/_sim/faults").then().body("failure_rate", equalTo(0f));
    }

    @Test
    void theFaultControlsWantTheTokenAndChangeNothingWithoutIt() {
        given().contentType(ContentType.JSON).body(Map.of("failure_rate", 1.0)).put("/_sim/faults")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://kiln.dev/problems/unauthenticated"));
        given().header("Authorization", "Bearer not-the-token").contentType(ContentType.JSON)
                .body(Map.of("failure_rate", 1.0)).put("/_sim/faults")
                .then().statusCode(401)
                .body("detail", equalTo("The bearer token is not the one this simulator was configured with."));
        given().post("/_sim/reset").then().statusCode(401);
        given().get("/_sim/faults").then().statusCode(401);
        given().get("/_sim/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa/deliveries").then().statusCode(401);

        authorized().get("/_sim/faults").then().statusCode(200).body("failure_rate", equalTo(0f));
    }
}
