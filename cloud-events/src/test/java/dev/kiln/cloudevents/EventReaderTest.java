package dev.kiln.cloudevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

class EventReaderTest {

    /** A minimal event: what a consumer declares for the fields it needs. */
    record Requested(String predictionId, Long cost) implements IncomingEvent {
        @Override
        public void check() {
            IncomingEvent.checkPredictionId(predictionId);
            if (cost == null) {
                throw new UnreadableEventException("cost is missing");
            }
        }
    }

    private final EventReader reader = new EventReader(
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    @Test
    void readsAnEventThatHoldsWhatItNeeds() {
        Requested event = reader.read("{\"prediction_id\":\"7q3xk2m4d4hwbz6f5n3c5rjtaa\",\"cost\":2,\"other\":1}",
                Requested.class);

        assertEquals(new Requested("7q3xk2m4d4hwbz6f5n3c5rjtaa", 2L), event);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "null", "{\"prediction_id\": ", "[1,2]"})
    void refusesAValueThatIsNotTheEventsJson(String value) {
        assertThrows(UnreadableEventException.class, () -> reader.read(value, Requested.class));
    }

    @Test
    void refusesAnEventThatFailsItsCheckAndSaysWhy() {
        var missingCost = assertThrows(UnreadableEventException.class,
                () -> reader.read("{\"prediction_id\":\"7q3xk2m4d4hwbz6f5n3c5rjtaa\"}", Requested.class));
        var badId = assertThrows(UnreadableEventException.class,
                () -> reader.read("{\"prediction_id\":\"NOT-AN-ID\",\"cost\":1}", Requested.class));

        assertEquals("cost is missing", missingCost.getMessage());
        assertTrue(badId.getMessage().contains("NOT-AN-ID"), badId::getMessage);
    }

    @Test
    void aRecordWithoutCloudEventsMetadataHasNoType() {
        assertThrows(UnreadableEventException.class, () -> EventReader.typeOf(null));
    }
}
