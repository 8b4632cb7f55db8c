package dev.kiln.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;

import org.awaitility.pollinterval.IterativePollInterval;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The public API, used as a client would: submit, then poll with backoff until the prediction has finished. */
public final class Gateway {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");

    private Gateway() {
    }

    public static String url() {
        return Stack.serviceUrl("gateway-service", 8080);
    }

    /** A jersey submission body in this mode; the prompt makes it recognisable. */
    public static String body(String mode, String prompt) {
        return "{\"task\":\"jersey\",\"mode\":\"" + mode + "\",\"input\":{\"prompt\":\"" + prompt + "\","
                + "\"team_name\":\"Kiln FC\",\"player_name\":\"Ada\",\"number\":\"10\","
                + "\"primary_color\":\"#1E3A8A\",\"secondary_color\":\"#F59E0B\",\"style\":\"modern\"}}";
    }

    /** Submits a speed jersey; the prediction's id. */
    static String submit(Caller caller, String prompt) {
        return submit(caller, "speed", prompt);
    }

    static String submit(Caller caller, String mode, String prompt) {
        return send(caller, mode, prompt).then().statusCode(202).extract().path("id");
    }

    /** The answer to a submission, whatever it is. */
    static Response send(Caller caller, String mode, String prompt) {
        return caller.to(url()).contentType(ContentType.JSON).body(body(mode, prompt)).when().post("/v1/predictions");
    }

    static JsonPath get(Caller caller, String id) {
        return caller.to(url()).when().get("/v1/predictions/" + id).then().statusCode(200).extract().jsonPath();
    }

    static Response cancel(Caller caller, String id) {
        return caller.to(url()).when().post("/v1/predictions/" + id + "/cancel");
    }

    /** Polls with backoff as clients are told to: 100 ms, growing by half each time, at most a second. */
    static JsonPath awaitTerminal(Caller caller, String id, Duration within) {
        return await().atMost(within)
                .pollInterval(new IterativePollInterval(previous -> min(previous.multipliedBy(3).dividedBy(2),
                        Duration.ofSeconds(1)), Duration.ofMillis(100)))
                .until(() -> get(caller, id), prediction -> TERMINAL.contains(prediction.getString("status")));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static void awaitStatus(Caller caller, String id, String status, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> get(caller, id).getString("status"), status::equals);
    }
}
