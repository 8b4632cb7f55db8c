package dev.kiln.simulator.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PredictionIdsTest {

    @Test
    void idsAreTwentySixCharactersOfLowercaseBase32AndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = PredictionIds.next();
            assertTrue(id.matches("[a-z2-7]{26}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
