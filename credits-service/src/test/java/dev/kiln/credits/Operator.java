package dev.kiln.credits;

import java.time.Duration;
import java.time.Instant;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * An operator (role admin) made once per test run, whose token reads any account at
 * {@code /v1/credits/accounts/{user}}: the tests' view of ledgers they filled through Kafka.
 */
public final class Operator {

    /** Well within the realm's access token lifespan (15 minutes). */
    private static final Duration RENEW_AFTER = Duration.ofMinutes(5);

    private static Keycloak.TestUser operator;
    private static Instant tokenTakenAt;

    private Operator() {
    }

    /** A request that carries the operator's token. */
    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + token());
    }

    private static synchronized String token() {
        if (operator == null) {
            operator = Keycloak.newAdmin();
            tokenTakenAt = Instant.now();
        } else if (Instant.now().isAfter(tokenTakenAt.plus(RENEW_AFTER))) {
            operator = new Keycloak.TestUser(operator.id(), operator.username(),
                    Keycloak.token(Keycloak.CLIENT, operator.username()));
            tokenTakenAt = Instant.now();
        }
        return operator.token();
    }
}
