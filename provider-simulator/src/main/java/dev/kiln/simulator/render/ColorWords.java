package dev.kiln.simulator.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours named in a prompt ("a red and white jersey"), so that a design without explicit colours still
 * follows what the user asked for, as a generative model would.
 */
final class ColorWords {

    private static final Map<String, Color> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put("red", new Color(0xC8102E));
        NAMED.put("crimson", new Color(0xA6192E));
        NAMED.put("maroon", new Color(0x7A1F2B));
        NAMED.put("orange", new Color(0xF47A20));
        NAMED.put("yellow", new Color(0xFFD100));
        NAMED.put("gold", new Color(0xC99700));
        NAMED.put("green", new Color(0x00843D));
        NAMED.put("teal", new Color(0x00857C));
        NAMED.put("blue", new Color(0x0033A0));
        NAMED.put("navy", new Color(0x13294B));
        NAMED.put("sky", new Color(0x6CACE4));
        NAMED.put("purple", new Color(0x5F259F));
        NAMED.put("pink", new Color(0xE56DB1));
        NAMED.put("black", new Color(0x1A1A1A));
        NAMED.put("white", new Color(0xF7F7F7));
        NAMED.put("grey", new Color(0x8A8D8F));
        NAMED.put("gray", new Color(0x8A8D8F));
        NAMED.put("silver", new Color(0xC0C4C8));
    }

    private static final Pattern WORD = Pattern.compile("[a-z]+");

    private ColorWords() {
    }

    /** The colours named in the text, in the order they appear, without repeats. */
    static List<Color> in(String text) {
        List<Color> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (words.find()) {
            Color color = NAMED.get(words.group());
            if (color != null && !found.contains(color)) {
                found.add(color);
            }
        }
        return found;
    }
}
