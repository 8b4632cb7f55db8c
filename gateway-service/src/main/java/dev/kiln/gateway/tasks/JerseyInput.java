package dev.kiln.gateway.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.kiln.problem.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/** The jersey task's input: its rules, and the JSON schema that GET /v1/tasks shows to clients. */
public final class JerseyInput {

    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");
    private static final Set<String> STYLES = Set.of("classic", "modern", "retro", "minimal");
    private static final Set<String> FIELDS = Set.of("prompt", "team_name", "player_name", "number",
            "primary_color", "secondary_color", "style");

    public static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "required", List.of("prompt"),
            "additionalProperties", false,
            "properties", Map.of(
                    "prompt", Map.of("type", "string", "minLength", 3, "maxLength", 500),
                    "team_name", Map.of("type", "string", "maxLength", 40),
                    "player_name", Map.of("type", "string", "maxLength", 24),
                    "number", Map.of("type", "string", "pattern", "^[0-9]{1,2}$"),
                    "primary_color", Map.of("type", "string", "pattern", "^#[0-9A-Fa-f]{6}$"),
                    "secondary_color", Map.of("type", "string", "pattern", "^#[0-9A-Fa-f]{6}$"),
                    "style", Map.of("type", "string", "enum", List.of("classic", "modern", "retro", "minimal"))));

    private JerseyInput() {
    }

    /** Every way in which the input breaks the rules; empty when it is valid. */
    public static List<FieldError> validate(JsonNode input) {
        List<FieldError> errors = new ArrayList<>();
        if (input == null || !input.isObject()) {
            errors.add(new FieldError("input", "must be an object"));
            return errors;
        }
        input.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("input." + name, "is not a field of the jersey task"));
            }
        });
        JsonNode prompt = input.get("prompt");
        if (prompt == null || prompt.isNull()) {
            errors.add(new FieldError("input.prompt", "is required"));
        } else {
            text(input, "prompt", errors).ifPresent(value -> {
                int length = value.strip().length();
                if (length < 3 || value.length() > 500) {
                    errors.add(new FieldError("input.prompt", "must be 3 to 500 characters"));
                }
            });
        }
        text(input, "team_name", errors).filter(value -> value.length() > 40)
                .ifPresent(value -> errors.add(new FieldError("input.team_name", "must be at most 40 characters")));
        text(input, "player_name", errors).filter(value -> value.length() > 24)
                .ifPresent(value -> errors.add(new FieldError("input.player_name", "must be at most 24 characters")));
        text(input, "number", errors).filter(value -> !NUMBER.matcher(value).matches())
                .ifPresent(value -> errors.add(new FieldError("input.number", "must be a string from \"0\" to \"99\"")));
        for (String color : List.of("primary_color", "secondary_color")) {
            text(input, color, errors).filter(value -> !COLOR.matcher(value).matches())
                    .ifPresent(value -> errors.add(new FieldError("input." + color, "must be a colour as #RRGGBB")));
        }
        text(input, "style", errors).filter(value -> !STYLES.contains(value))
                .ifPresent(value -> errors.add(new FieldError("input.style",
                        "must be one of classic, modern, retro, minimal")));
        return errors;
    }

    private static java.util.Optional<String> text(JsonNode input, String name, List<FieldError> errors) {
        JsonNode value = input.get(name);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError("input." + name, "must be a string"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(value.textValue());
    }
}
