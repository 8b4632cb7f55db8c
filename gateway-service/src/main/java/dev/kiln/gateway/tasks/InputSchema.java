package dev.kiln.gateway.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.kiln.problem.FieldError;

/**
 * A JSON Schema (2020-12) that is both published to clients and used to check requests, so that the two cannot
 * disagree. Its messages come from each schema's {@code errorMessage} keyword (the convention of ajv-errors), so
 * that a client reads in the schema what the 422 would tell it.
 */
public final class InputSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .errorMessageKeyword("errorMessage").build();

    private final JsonNode published;
    private final JsonSchema schema;

    private InputSchema(JsonNode published) {
        this.published = published;
        this.schema = FACTORY.getSchema(published, CONFIG);
    }

    /** Reads a schema from the class path; a missing or unreadable one stops the service at start. */
    public static InputSchema load(String resource) {
        try (InputStream in = InputSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No JSON schema at " + resource + " on the class path");
            }
            return new InputSchema(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("The JSON schema " + resource + " cannot be read", e);
        }
    }

    /** The schema as clients see it. */
    public JsonNode published() {
        return published;
    }

    /**
     * Every field that breaks the schema, one error per field, each named by its path below {@code prefix} (such
     * as {@code input.number}); empty when the value is valid.
     */
    public List<FieldError> violations(JsonNode value, String prefix) {
        Map<String, FieldError> byField = new LinkedHashMap<>();
        for (ValidationMessage violation : schema.validate(value)) {
            String field = path(prefix, violation.getInstanceLocation(), violation.getProperty());
            byField.putIfAbsent(field, new FieldError(field, violation.getMessage()));
        }
        return List.copyOf(byField.values());
    }

    /** {@code required} and {@code additionalProperties} name the object, and the property apart. */
    private static String path(String prefix, JsonNodePath location, String property) {
        StringBuilder path = new StringBuilder(prefix);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(element);
            }
        }
        if (property != null) {
            path.append(path.isEmpty() ? "" : ".").append(property);
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
