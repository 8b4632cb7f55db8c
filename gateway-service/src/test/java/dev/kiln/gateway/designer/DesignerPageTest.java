package dev.kiln.gateway.designer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The jersey designer page is served by the gateway, same-origin with the API, and learns from its settings where to
 * sign in and read the balance. Its behaviour in a browser is checked by client-tests/ (./stack test).
 */
@QuarkusTest
class DesignerPageTest {

    @Test
    void servesThePageAndItsModulesFromTheGateway() {
        given().when().get("/designer/")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"main.js\"></script>"));
        for (String module : List.of("main.js", "auth.js", "api.js", "follow.js")) {
            given().when().get("/designer/" + module)
                    .then().statusCode(200).contentType(containsString("javascript"));
        }
        given().when().get("/").then().statusCode(200).body(containsString("url=/designer/"));
    }

    @Test
    void tellsThePageWhereToSignInAndReadTheBalance() {
        given().when().get("/designer/settings.json")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("oidc_issuer", equalTo("http://localhost:8180/realms/kiln"))
                .body("client_id", equalTo("kiln-web"))
                .body("credits_url", equalTo("http://localhost:8082"))
                .body("anonymous_modes", equalTo(List.of("speed")));
    }
}
