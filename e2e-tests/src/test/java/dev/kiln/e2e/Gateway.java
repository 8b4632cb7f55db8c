package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.awaitility.pollinterval.FibonacciPollInterval;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The public API, used as a client would: submit, then poll with backoff until the prediction has finished. */
final class Gateway {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");

    private Gateway() {
    }

    static String url() {
        return Stack.serviceUrl("gateway-service", 8080);
    }

    static String submit(String prompt) {
        return given().baseUri(url()).contentType(ContentType.JSON)
                .body("{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"" + prompt + "\","
                        + "\"team_name\":\"Kiln FC\",\"player_name\":\"Ada\",\"number\":\"10\","
                        + "\"primary_color\":\"#1E3A8A\",\"secondary_color\":\"#F59E0B\",\"style\":\"modern\"}}")
                .when().post("/v1/predictions")
                .then().statusCode(202).extract().path("id");
    }

    static JsonPath get(String id) {
        return given().baseUri(url()).when().get("/v1/predictions/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    /** Polls with a growing interval (100 ms, 100 ms, 200 ms, 300 ms, 500 ms, ...) as clients are told to. */
    static JsonPath awaitTerminal(String id, Duration within) {
        return await().atMost(within).pollInterval(new FibonacciPollInterval(100, TimeUnit.MILLISECONDS))
                .until(() -> get(id), prediction -> TERMINAL.contains(prediction.getString("status")));
    }

    static void awaitStatus(String id, String status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> get(id).getString("status"), status::equals);
    }
}
