package dev.kiln.credits.events;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Turns a record's JSON value into an event, or says why it cannot. The CloudEvents attributes (type, id, time) are
 * read from SmallRye's {@link IncomingCloudEventMetadata}, which the Kafka connector builds from the ce_ headers of a
 * record in binary mode; never from the raw headers.
 */
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

    /** The CloudEvents type of a record, which must be a CloudEvent (its metadata null when it is not). */
    static String typeOf(IncomingCloudEventMetadata<?> cloudEvent) {
        if (cloudEvent == null || cloudEvent.getType() == null) {
            throw new UnreadableEventException("the record is not a CloudEvent: it has no ce_type");
        }
        return cloudEvent.getType();
    }
}
