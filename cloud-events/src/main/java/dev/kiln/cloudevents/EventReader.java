package dev.kiln.cloudevents;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Turns a record's JSON value into the event a consumer expects, or says why it cannot. Consumers take the value as
 * a String (StringDeserializer) rather than letting the connector deserialise it, so that a record that is not the
 * event's JSON fails here, with its reason, instead of arriving as a silent null. The CloudEvents attributes (type,
 * id, time) are read from SmallRye's {@link IncomingCloudEventMetadata}, which the Kafka connector builds from the
 * ce_ headers of a record in binary mode; never from the raw headers.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper json;

    EventReader(ObjectMapper json) {
        this.json = json;
    }

    /** The event in {@code value}, checked; or an {@link UnreadableEventException} that says what is wrong. */
    public <E extends IncomingEvent> E read(String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            throw new UnreadableEventException("the record has no value");
        }
        E event;
        try {
            // An event may gain fields (docs/asyncapi.yaml): a consumer reads the ones it needs and ignores the rest.
            event = json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableEventException("not a " + type.getSimpleName() + " in JSON: " + e.getMessage(), e);
        }
        if (event == null) {
            throw new UnreadableEventException("the record's value is JSON null");
        }
        event.check();
        return event;
    }

    /** The CloudEvents type of a record, which must be a CloudEvent (its metadata null when it is not). */
    public static String typeOf(IncomingCloudEventMetadata<?> cloudEvent) {
        if (cloudEvent == null || cloudEvent.getType() == null) {
            throw new UnreadableEventException("the record is not a CloudEvent: it has no ce_type");
        }
        return cloudEvent.getType();
    }
}
