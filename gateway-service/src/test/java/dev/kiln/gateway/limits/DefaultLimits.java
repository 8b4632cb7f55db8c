package dev.kiln.gateway.limits;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The limits as shipped (the test profile lifts them for every other test): 20 a minute, 5 in flight, 3 a day. */
public class DefaultLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kiln.gateway.limits.rate.submissions", "20",
                "kiln.gateway.limits.in-flight.max", "5",
                "kiln.gateway.limits.anonymous-quota.submissions", "3");
    }
}
