package dev.kiln.gateway.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PredictionIdsTest {

    @Test
    void makesWellFormedIdsThatDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = PredictionIds.next();
            assertTrue(PredictionIds.isWellFormed(id), id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
    }

    @Test
    void rejectsWhatIsNotAnId() {
        assertFalse(PredictionIds.isWellFormed("../../etc/passwd"));
        assertFalse(PredictionIds.isWellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertFalse(PredictionIds.isWellFormed("aaaa"));
        assertFalse(PredictionIds.isWellFormed(null));
    }
}
