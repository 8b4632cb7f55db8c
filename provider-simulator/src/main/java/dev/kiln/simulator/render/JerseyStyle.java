package dev.kiln.simulator.render;

import java.util.Locale;
import java.util.Optional;

/** The looks a jersey can be rendered in; each one changes trim, lettering and backdrop. */
public enum JerseyStyle {
    CLASSIC, MODERN, RETRO, MINIMAL;

    public static Optional<JerseyStyle> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
