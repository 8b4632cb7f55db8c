package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every service of the running stack is ready and serves its operational endpoints. */
class ServicesAreUpTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "gateway-service, 8080",
            "webhook-service, 8081",
            "credits-service, 8082",
            "storage-service, 8083",
            "provider-simulator, 8090"})
    void isReadyAndServesMetricsAndItsApiDescription(String service, int port) {
        String base = Stack.serviceUrl(service, port);

        given().baseUri(base).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.status", everyItem(equalTo("UP")));
        given().baseUri(base).when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
        given().baseUri(base).when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().baseUri(base).accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("info.title", equalTo("Kiln " + service));
    }
}
