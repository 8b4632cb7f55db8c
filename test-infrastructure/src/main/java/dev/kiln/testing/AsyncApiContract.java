package dev.kiln.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The event contract of docs/asyncapi.yaml, for tests: what a service publishes or reads must be a message of
 * that topic's channel and match the message's payload schema.
 */
public final class AsyncApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCUMENT = Path.of("docs", "asyncapi.yaml");

    private final JsonNode document;

    private AsyncApiContract(JsonNode document) {
        this.document = document;
    }

    /** Reads docs/asyncapi.yaml from the repository root, found from the module's working directory upwards. */
    public static AsyncApiContract load() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DOCUMENT);
            if (Files.isRegularFile(candidate)) {
                try {
                    return new AsyncApiContract(new ObjectMapper(new YAMLFactory()).readTree(candidate.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("docs/asyncapi.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Fails unless {@code topic} is a channel of the document, {@code eventType} (the CloudEvents ce_type) is one of
     * its messages, and {@code json} matches that message's payload schema.
     */
    public void assertValid(String topic, String eventType, String json) {
        List<String> problems = validate(topic, eventType, json);
        if (!problems.isEmpty()) {
            throw new AssertionError("Event " + eventType + " on " + topic + " breaks docs/asyncapi.yaml:\n  "
                    + String.join("\n  ", problems) + "\nevent: " + json);
        }
    }

    /** The ways in which the event breaks the contract; empty when it keeps it. */
    public List<String> validate(String topic, String eventType, String json) {
        JsonNode channel = channelOf(topic);
        if (channel == null) {
            return List.of("no channel has the address " + topic);
        }
        boolean listed = false;
        for (JsonNode message : channel.path("messages")) {
            listed |= message.path("$ref").asText().equals("#/components/messages/" + eventType);
        }
        if (!listed) {
            return List.of("channel " + topic + " has no message " + eventType);
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.set("$ref", document.at("/components/messages/" + pointerEscape(eventType) + "/payload/$ref"));
        schema.set("components", document.get("components"));
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config);
        return new ArrayList<>(validator.validate(event).stream()
                .map(ValidationMessage::getMessage).sorted().collect(Collectors.toList()));
    }

    private JsonNode channelOf(String topic) {
        for (JsonNode channel : document.path("channels")) {
            if (channel.path("address").asText().equals(topic)) {
                return channel;
            }
        }
        return null;
    }

    private static String pointerEscape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
