package dev.kiln.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document types the prediction object and documents the live status and Prefer: wait (issue 10). */
@QuarkusTest
class PredictionsOpenApiTest {

    @Test
    void typesThePredictionObjectAndDocumentsTheStreamAndTheWait() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/predictions/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/PublicPrediction"))
                .body("paths.'/v1/predictions/{id}'.get.responses.'200'.content.'application/json'.examples",
                        notNullValue())
                .body("components.schemas.PublicPrediction.properties", hasKey("created_at"))
                .body("components.schemas.PublicPrediction.properties", hasKey("queue_position"))
                .body("components.schemas.PublicPrediction.properties", hasKey("eta"))
                .body("paths.'/v1/predictions/{id}'.get.responses.'200'.content.'application/json'.examples",
                        hasKey("waiting for dispatch"))
                .body("components.schemas.Urls.properties", hasKey("stream"))
                .body("paths.'/v1/predictions'.post.responses", hasKey("201"))
                .body("paths.'/v1/predictions'.post.parameters.name", org.hamcrest.Matchers.hasItem("Prefer"))
                .body("paths.'/v1/predictions/{id}/events'.get.responses.'200'.content.'text/event-stream'.examples"
                        + ".'a speed jersey'.value", containsString("event: done"))
                .body("paths.'/v1/predictions/{id}/events'.get.parameters.name",
                        org.hamcrest.Matchers.hasItem("Last-Event-ID"));
    }
}
