package dev.kiln.simulator.render;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What to draw, read leniently from a prediction's input: a missing or malformed field falls back to a sane
 * default (colours named in the prompt first), as a real model would still produce an image.
 */
public record JerseyDesign(String prompt, String teamName, String playerName, String number,
                           Color primary, Color secondary, JerseyStyle style) {

    static final Color DEFAULT_PRIMARY = new Color(0x1E3A8A);
    static final Color DEFAULT_SECONDARY = new Color(0xF5B70B);
    private static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

    public static JerseyDesign from(JsonNode input) {
        String prompt = text(input, "prompt", "");
        List<Color> named = ColorWords.in(prompt);
        Color primary = color(input, "primary_color", named.isEmpty() ? DEFAULT_PRIMARY : named.get(0));
        Color secondary = color(input, "secondary_color", named.size() < 2 ? DEFAULT_SECONDARY : named.get(1));
        String number = text(input, "number", "10");
        return new JerseyDesign(
                prompt,
                limit(text(input, "team_name", "Kiln FC"), 40),
                limit(text(input, "player_name", "Kiln"), 24),
                NUMBER.matcher(number).matches() ? number : "10",
                primary,
                secondary,
                JerseyStyle.parse(text(input, "style", null)).orElse(JerseyStyle.CLASSIC));
    }

    String playerNameUpper() {
        return playerName.toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode input, String field, String fallback) {
        JsonNode value = input == null ? null : input.get(field);
        if (value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()) {
            return fallback;
        }
        return value.asText().trim();
    }

    private static Color color(JsonNode input, String field, Color fallback) {
        String value = text(input, field, null);
        if (value == null || !HEX_COLOR.matcher(value).matches()) {
            return fallback;
        }
        return new Color(Integer.parseInt(value.substring(1), 16));
    }

    private static String limit(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
