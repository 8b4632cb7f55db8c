package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.awaitility.pollinterval.IterativePollInterval;

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

    /** Polls with backoff as clients are told to: 100 ms, growing by half each time, at most a second. */
    static JsonPath awaitTerminal(String id, Duration within) {
        return await().atMost(within)
                .pollInterval(new IterativePollInterval(previous -> min(previous.multipliedBy(3).dividedBy(2),
                        Duration.ofSeconds(1)), Duration.ofMillis(100)))
                .until(() -> get(id), prediction -> TERMINAL.contains(prediction.getString("status")));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static void awaitStatus(String id, String status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> get(id).getString("status"), status::equals);
    }
}
