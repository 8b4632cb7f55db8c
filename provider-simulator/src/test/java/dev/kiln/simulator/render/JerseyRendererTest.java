package dev.kiln.simulator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class JerseyRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersAPngOfAtLeast512PixelsSquare() throws IOException {
        BufferedImage image = decode(JerseyRenderer.renderPng(design("classic", "#C8102E", "#FFFFFF"), 768));

        assertEquals(768, image.getWidth());
        assertEquals(768, image.getHeight());
    }

    @Test
    void thePrimaryColourDominatesTheShirtInEveryStyle() throws IOException {
        for (JerseyStyle style : JerseyStyle.values()) {
            Color primary = new Color(0x00843D);
            BufferedImage image = decode(JerseyRenderer.renderPng(
                    design(style.wireName(), "#00843D", "#FFD100"), 768));

            double share = shareNear(image, JerseyRenderer.shirtOutline(768), primary);

            assertTrue(share > 0.5, style + ": only " + share + " of the shirt is near the primary colour");
        }
    }

    @Test
    void twoStylesOfTheSameDesignGiveDifferentImages() {
        BufferedImage classic = JerseyRenderer.render(design("classic", "#0033A0", "#FFD100"), 512);
        BufferedImage retro = JerseyRenderer.render(design("retro", "#0033A0", "#FFD100"), 512);

        int[] a = classic.getRGB(0, 0, 512, 512, null, 0, 512);
        int[] b = retro.getRGB(0, 0, 512, 512, null, 0, 512);
        long differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                differing++;
            }
        }
        assertTrue(differing > a.length / 10, "only " + differing + " pixels differ");
    }

    @Test
    void theSameDesignAlwaysGivesTheSameBytes() {
        JerseyDesign design = design("modern", "#5F259F", "#F7F7F7");

        assertTrue(Arrays.equals(JerseyRenderer.renderPng(design, 512), JerseyRenderer.renderPng(design, 512)));
    }

    @Test
    void aDesignWithoutFieldsFallsBackToDefaults() {
        JerseyDesign design = JerseyDesign.from(JSON.createObjectNode());

        assertEquals(JerseyDesign.DEFAULT_PRIMARY, design.primary());
        assertEquals(JerseyDesign.DEFAULT_SECONDARY, design.secondary());
        assertEquals(JerseyStyle.CLASSIC, design.style());
        assertEquals("10", design.number());
        assertFalse(design.teamName().isBlank());
    }

    @Test
    void colourWordsInThePromptStandInForMissingColours() {
        ObjectNode input = JSON.createObjectNode().put("prompt", "A red and white striped home shirt")
                .put("primary_color", "not a colour").put("number", "123").put("style", "baroque");

        JerseyDesign design = JerseyDesign.from(input);

        assertEquals(new Color(0xC8102E), design.primary());
        assertEquals(new Color(0xF7F7F7), design.secondary());
        assertEquals("10", design.number());
        assertEquals(JerseyStyle.CLASSIC, design.style());
    }

    private static JerseyDesign design(String style, String primary, String secondary) {
        return JerseyDesign.from(JSON.createObjectNode()
                .put("prompt", "a " + style + " jersey").put("team_name", "Harbour Rovers")
                .put("player_name", "Okafor").put("number", "23").put("style", style)
                .put("primary_color", primary).put("secondary_color", secondary));
    }

    /** The share of pixels inside the shape whose colour is within a small distance of the given one. */
    private static double shareNear(BufferedImage image, Shape shape, Color color) {
        Rectangle bounds = shape.getBounds();
        long inside = 0;
        long near = 0;
        for (int y = bounds.y; y < bounds.y + bounds.height; y++) {
            for (int x = bounds.x; x < bounds.x + bounds.width; x++) {
                if (!shape.contains(x + 0.5, y + 0.5)) {
                    continue;
                }
                inside++;
                Color pixel = new Color(image.getRGB(x, y));
                int distance = Math.abs(pixel.getRed() - color.getRed()) + Math.abs(pixel.getGreen() - color.getGreen())
                        + Math.abs(pixel.getBlue() - color.getBlue());
                if (distance <= 60) {
                    near++;
                }
            }
        }
        return (double) near / inside;
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
