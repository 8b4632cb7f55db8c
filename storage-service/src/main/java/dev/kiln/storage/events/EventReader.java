package dev.kiln.storage.events;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns a record's JSON value into an event, or says why it cannot. */
@ApplicationScoped
class EventReader {

    private final ObjectMapper json;

    EventReader(ObjectMapper json) {
        this.json = json;
    }

    <E extends IncomingEvent> E read(String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException("the record has no value");
        }
        E event;
        try {
            event = json.readValue(value, type);
        } catch (IOException e) {
            throw new UnreadableEventException("not a " + type.getSimpleName() + " in JSON: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new UnreadableEventException("the record's value is JSON null");
        }
        event.check();
        return event;
    }
}
