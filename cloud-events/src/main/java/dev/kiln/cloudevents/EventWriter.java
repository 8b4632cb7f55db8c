package dev.kiln.cloudevents;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes an event as Kiln publishes every event: its JSON as the record's value, keyed by the prediction id (so that
 * one prediction's events keep their order in one partition), with the CloudEvents type and subject, which the
 * connector writes as ce_ headers in binary mode. The source comes from the channel's configuration.
 */
@ApplicationScoped
public class EventWriter {

    private final ObjectMapper json;

    EventWriter(ObjectMapper json) {
        this.json = json;
    }

    /** The message of an event; the connector gives it a fresh ce_id and the current time. */
    public Message<String> message(String type, String predictionId, Object event) {
        return message(type, predictionId, event, OutgoingCloudEventMetadata.builder());
    }

    /**
     * The message of an event whose id and time are its own, so that publishing it again (after a redelivery) yields
     * the very same event, which consumers recognise by its ce_id.
     */
    public Message<String> message(String type, String predictionId, Object event, String id, Instant time) {
        return message(type, predictionId, event,
                OutgoingCloudEventMetadata.builder().withId(id).withTimestamp(time.atZone(ZoneOffset.UTC)));
    }

    private Message<String> message(String type, String predictionId, Object event,
            OutgoingCloudEventMetadataBuilder<Object> attributes) {
        String value;
        try {
            value = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + type + " as JSON", e);
        }
        return Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(predictionId).build())
                .addMetadata(attributes.withType(type).withSubject(predictionId).build());
    }
}
