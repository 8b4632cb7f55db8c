package dev.kiln.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An event this service published, read back from Kafka. Reading it checks the contract: the payload matches
 * docs/asyncapi.yaml for its topic and ce_type, the key and ce_subject are the prediction id, and the CloudEvents
 * headers are those of binary mode.
 */
record Published(String predictionId, String type, String id, String value, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Published of(ConsumerRecord<String, String> record) {
        String type = Kafka.header(record, "ce_type");
        Kafka.CONTRACT.assertValid(record.topic(), type, record.value());
        JsonNode body;
        try {
            body = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(record.key(), body.path("prediction_id").asText(), "record key");
        assertEquals(record.key(), Kafka.header(record, "ce_subject"), "ce_subject");
        assertEquals("1.0", Kafka.header(record, "ce_specversion"), "ce_specversion");
        assertEquals("credits-service", Kafka.header(record, "ce_source"), "ce_source");
        assertEquals("application/json", Kafka.header(record, "content-type"), "content-type");
        return new Published(record.key(), type, Kafka.header(record, "ce_id"), record.value(), body);
    }

    long amount() {
        return body.path("amount").asLong(-1);
    }

    long available() {
        return body.path("available").asLong(-1);
    }

    long reserved() {
        return body.path("reserved").asLong(-1);
    }
}
