package dev.kiln.gateway;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The settings that the test profile relaxes for every other test, as shipped: the limits (20 submissions a minute, 5
 * in flight, 3 a day for an anonymous address) and the webhook URL rules of production (https, public addresses only).
 * One profile for the tests of both, so that they share one start of the service.
 */
public class AsShipped implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kiln.gateway.limits.rate.submissions", "20",
                "kiln.gateway.limits.in-flight.max", "5",
                "kiln.gateway.limits.anonymous-quota.submissions", "3",
                "kiln.gateway.client-webhooks.require-https", "true",
                "kiln.gateway.client-webhooks.allowed-networks", "");
    }
}
