package dev.kiln.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

class AsyncApiContractTest {

    private final AsyncApiContract contract = AsyncApiContract.load();

    @Test
    void everyExampleInTheDocumentKeepsItsOwnSchema() throws Exception {
        var document = new ObjectMapper(new YAMLFactory()).readTree(
                java.nio.file.Path.of("..", "docs", "asyncapi.yaml").toFile());
        int checked = 0;
        for (var channel : document.path("channels")) {
            for (var message : channel.path("messages")) {
                String type = message.path("$ref").asText().substring("#/components/messages/".length());
                for (var example : document.path("components").path("messages").path(type).path("examples")) {
                    assertEquals(List.of(), contract.validate(channel.path("address").asText(), type,
                            example.path("payload").toString()), type);
                    checked++;
                }
            }
        }
        assertEquals(10, checked, "one example per event type");
    }

    @Test
    void rejectsAnEventWithoutItsRequiredFields() {
        var problems = contract.validate("credits.reservations", "credits.reserved",
                "{\"prediction_id\":\"7q3xk2m9d4hwbz6f1n8c5rjt0a\",\"user_id\":\"alice\"}");
        assertTrue(problems.stream().anyMatch(problem -> problem.contains("amount")), problems.toString());
    }

    @Test
    void rejectsAnEventOnATopicThatDoesNotCarryIt() {
        assertThrows(AssertionError.class, () -> contract.assertValid("prediction.requested", "credits.reserved",
                "{}"));
        assertEquals(List.of("no channel has the address nowhere"), contract.validate("nowhere", "x", "{}"));
    }
}
