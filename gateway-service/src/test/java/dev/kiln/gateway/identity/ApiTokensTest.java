package dev.kiln.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.apitokens.ApiTokens;
import dev.kiln.gateway.account.AccountTokens;
import dev.kiln.testing.KafkaProbe;
import dev.kiln.testing.KeycloakUsers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Personal API tokens: created with a sign-in token, shown once, act as their owner, stop at once when revoked. */
@QuarkusTest
class ApiTokensTest {

    static KafkaProbe kafka;

    @Inject
    RedisDataSource redis;
    @Inject
    AccountTokens accountTokens;

    @BeforeAll
    static void listen() {
        kafka = new KafkaProbe(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))
                .listen("prediction.requested");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    record Created(String id, String token) {
    }

    static Created create(String accessToken, String name) {
        var answer = given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}")
                .when().post("/v1/account/tokens")
                .then().statusCode(201)
                .body("name", equalTo(name))
                .body("token", matchesPattern("kiln_[a-z2-7]{40}"))
                .extract();
        return new Created(answer.path("id"), answer.path("token"));
    }

    @Test
    void aTokenSubmitsAndReadsAsItsOwnerAndIsRefusedAtOnceWhenRevoked() throws Exception {
        var alice = KeycloakUsers.create("user");
        Created token = create(alice.accessToken(), "my backend");

        String id = WhoMayDoWhatTest.submit(token.token(), "quality");
        given().auth().oauth2(token.token()).when().get("/v1/predictions/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        given().auth().oauth2(alice.accessToken()).when().get("/v1/predictions/" + id)
                .then().statusCode(200).body("id", equalTo(id));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.first(id, "prediction.requested").isPresent());
        var event = new ObjectMapper().readTree(kafka.first(id, "prediction.requested").orElseThrow().json());
        assertEquals(alice.id(), event.path("user_id").asText());
        assertEquals(2, event.path("cost").asInt());

        given().auth().oauth2(alice.accessToken()).when().delete("/v1/account/tokens/" + token.id())
                .then().statusCode(204);

        given().auth().oauth2(token.token()).when().get("/v1/predictions/" + id)
                .then().statusCode(401).body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
        given().auth().oauth2(token.token()).contentType(ContentType.JSON).body(WhoMayDoWhatTest.jersey("speed"))
                .when().post("/v1/predictions")
                .then().statusCode(401).body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
        given().auth().oauth2(alice.accessToken()).when().get("/v1/account/tokens")
                .then().statusCode(200).body("tokens.id", not(hasItem(token.id())));
    }

    @Test
    void theListNeverShowsTheTokenOnlyItsHintAndWhenItWasLastUsed() {
        var alice = KeycloakUsers.create("user");
        Created token = create(alice.accessToken(), "ci");

        given().auth().oauth2(alice.accessToken()).when().get("/v1/account/tokens")
                .then().statusCode(200)
                .body("tokens.size()", equalTo(1))
                .body("tokens[0].id", equalTo(token.id()))
                .body("tokens[0].name", equalTo("ci"))
                .body("tokens[0].token_hint", equalTo(ApiTokens.hint(token.token())))
                .body("tokens[0].token", nullValue())
                .body("tokens[0].created_at", notNullValue())
                .body("tokens[0].last_used_at", nullValue());

        given().auth().oauth2(token.token()).when().get("/v1/account/tokens").then().statusCode(200);

        given().auth().oauth2(alice.accessToken()).when().get("/v1/account/tokens")
                .then().statusCode(200).body("tokens[0].last_used_at", notNullValue());
    }

    @Test
    void anApiTokenCannotCreateAnotherOne() {
        Created token = create(KeycloakUsers.create("user").accessToken(), "leaky");

        given().auth().oauth2(token.token()).contentType(ContentType.JSON).body("{\"name\":\"more\"}")
                .when().post("/v1/account/tokens")
                .then().statusCode(403).body("type", equalTo(WhoMayDoWhatTest.FORBIDDEN));
    }

    @Test
    void aUserCannotRevokeAnotherUsersToken() {
        Created alices = create(KeycloakUsers.create("user").accessToken(), "alice's");
        var bob = KeycloakUsers.create("user");

        given().auth().oauth2(bob.accessToken()).when().delete("/v1/account/tokens/" + alices.id())
                .then().statusCode(404).body("type", equalTo("https://kiln.dev/problems/not-found"));
        given().auth().oauth2(alices.token()).when().get("/v1/account/tokens").then().statusCode(200);
    }

    @Test
    void theTokenEndpointsNeedASignedInCallerAndANamedToken() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x\"}").when().post("/v1/account/tokens")
                .then().statusCode(401).body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
        given().when().get("/v1/account/tokens")
                .then().statusCode(401).body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
        given().auth().oauth2(KeycloakUsers.create("user").accessToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"  \"}").when().post("/v1/account/tokens")
                .then().statusCode(422).body("errors.field", hasItem("name"));
    }

    @Test
    void anUnknownKilnTokenIs401() {
        given().auth().oauth2(ApiTokens.generate()).when().get("/v1/account/tokens")
                .then().statusCode(401).body("type", equalTo(WhoMayDoWhatTest.UNAUTHENTICATED));
    }

    @Test
    void aTokenLostFromRedisIsRegisteredAgainFromPostgreSqlAtStart() {
        Created token = create(KeycloakUsers.create("user").accessToken(), "survivor");
        redis.key().del("kiln:api-token:" + ApiTokens.hash(token.token()));
        given().auth().oauth2(token.token()).when().get("/v1/account/tokens").then().statusCode(401);

        accountTokens.registerAll(); // what every gateway start does

        given().auth().oauth2(token.token()).when().get("/v1/account/tokens").then().statusCode(200);
    }
}
