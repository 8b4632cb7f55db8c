package dev.kiln.e2e;

import io.restassured.path.json.JsonPath;

/** credits-service's API as a signed-in caller sees it: their balance and their ledger. */
public final class Credits {

    private Credits() {
    }

    public static String url() {
        return Stack.serviceUrl("credits-service", 8082);
    }

    /** {available, reserved} of the caller; the first call opens a new user's account with the welcome grant. */
    public static JsonPath balance(Caller caller) {
        return caller.to(url()).when().get("/v1/credits/balance").then().statusCode(200).extract().jsonPath();
    }

    /** The first page of the caller's ledger, newest first. */
    static JsonPath ledger(Caller caller) {
        return caller.to(url()).when().get("/v1/credits/ledger?limit=100").then().statusCode(200).extract()
                .jsonPath();
    }
}
