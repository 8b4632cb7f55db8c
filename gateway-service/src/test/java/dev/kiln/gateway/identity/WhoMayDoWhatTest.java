package dev.kiln.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Signed-in users pay and own their predictions; anonymous callers get speed mode and ids as keys. */
@QuarkusTest
class WhoMayDoWhatTest {

    static final String UNAUTHENTICATED = "https://kiln.dev/problems/unauthenticated";
    static final String FORBIDDEN = "https://kiln.dev/problems/forbidden";

    static KafkaProbe kafka;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static String jersey(String mode) {
        return "{\"task\":\"jersey\",\"mode\":\"" + mode + "\",\"input\":{\"prompt\":\"A kit for the tests\"}}";
    }

    static String submit(String token, String mode) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(jersey(mode))
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");
    }

    static String anonymousSubmit() {
        return given().contentType(ContentType.JSON).body(jersey("speed"))
                .when().post("/v1/predictions").then().statusCode(202).extract().path("id");
    }

    @Test
    void aSignedInUserOwnsTheirPredictionAndPaysTheModesCost() throws Exception {
        var alice = KeycloakUsers.create("user");
        String id = submit(alice.accessToken(), "quality");

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.requested").isPresent());
        var event = new ObjectMapper().readTree(kafka.first(id, "prediction.requested").orElseThrow().json());
        assertEquals(alice.id(), event.path("user_id").asText(), "user_id is the token's sub");
        assertEquals(2, event.path("cost").asInt(), "quality costs 2 in the catalog");
    }

    @Test
    void anAnonymousCallerIsRefusedQualityAndSceneWith401ThatSaysWhy() {
        for (String mode : new String[] {"quality", "scene"}) {
            given().contentType(ContentType.JSON).body(jersey(mode))
                    .when().post("/v1/predictions")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo(UNAUTHENTICATED))
                    .body("detail", containsString("needs a signed-in user"))
                    .body("detail", containsString("speed"));
        }
    }

    @Test
    void anAnonymousSpeedSubmissionIsFreeAndOwnedByTheClientAddress() throws Exception {
        String id = given().header("X-Forwarded-For", "198.51.100.77").contentType(ContentType.JSON)
                .body(jersey("speed")).when().post("/v1/predictions").then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.requested").isPresent());
        var event = new ObjectMapper().readTree(kafka.first(id, "prediction.requested").orElseThrow().json());
        // Tests connect from 127.0.0.1, a trusted proxy in the local profile: its X-Forwarded-For is believed.
        assertEquals("anonymous:198.51.100.77", event.path("user_id").asText());
        assertEquals(0, event.path("cost").asInt());
    }

    @Test
    void aUserCannotReadOrCancelAnotherUsersPrediction() {
        var alice = KeycloakUsers.create("user");
        var bob = KeycloakUsers.create("user");
        String id = submit(alice.accessToken(), "speed");

        given().auth().oauth2(bob.accessToken()).when().get("/v1/predictions/" + id)
                .then().statusCode(403).contentType("application/problem+json").body("type", equalTo(FORBIDDEN));
        given().auth().oauth2(bob.accessToken()).when().post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(403).body("type", equalTo(FORBIDDEN));
        given().auth().oauth2(alice.accessToken()).when().get("/v1/predictions/" + id)
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void anAnonymousCallerCannotReadOrCancelAUsersPrediction() {
        var alice = KeycloakUsers.create("user");
        String id = submit(alice.accessToken(), "speed");

        given().when().get("/v1/predictions/" + id)
                .then().statusCode(401).body("type", equalTo(UNAUTHENTICATED));
        given().when().post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(401).body("type", equalTo(UNAUTHENTICATED));
    }

    @Test
    void anAdminReadsAnyPredictionButCancelsOnlyTheirOwn() {
        var alice = KeycloakUsers.create("user");
        var admin = KeycloakUsers.create("user", "admin");
        String id = submit(alice.accessToken(), "speed");

        given().auth().oauth2(admin.accessToken()).when().get("/v1/predictions/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(admin.accessToken()).when().post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(403).body("type", equalTo(FORBIDDEN));
    }

    @Test
    void anAnonymousPredictionIsReadAndCanceledByWhoeverHoldsItsId() {
        String id = anonymousSubmit();

        given().header("X-Forwarded-For", "203.0.113.200").when().get("/v1/predictions/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        given().header("X-Forwarded-For", "203.0.113.201").when().post("/v1/predictions/" + id + "/cancel")
                .then().statusCode(202).body("id", equalTo(id));
    }

    @Test
    void aForgedOrMalformedTokenIs401EvenWhereAnonymousCallersAreWelcome() {
        var alice = KeycloakUsers.create("user");
        String token = alice.accessToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ";

        given().auth().oauth2(forged).contentType(ContentType.JSON).body(jersey("speed"))
                .when().post("/v1/predictions")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo(UNAUTHENTICATED));
        given().auth().oauth2("not-a-token").when().get("/v1/predictions/aaaaaaaaaaaaaaaaaaaaaaaaaa")
                .then().statusCode(401).body("type", equalTo(UNAUTHENTICATED));
    }

    @Test
    void aTokenOfTheRealmThatIsNotMeantForKilnIs401() {
        var alice = KeycloakUsers.create("user");
        // admin-cli is a client of every realm whose tokens carry no audience kiln (kiln-web's audience mapper adds it).
        String otherAudience = given().baseUri(KeycloakUsers.URL).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", alice.username()).formParam("password", alice.password())
                .when().post("/realms/kiln/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(otherAudience).contentType(ContentType.JSON).body(jersey("speed"))
                .when().post("/v1/predictions")
                .then().statusCode(401).body("type", equalTo(UNAUTHENTICATED));
    }
}
