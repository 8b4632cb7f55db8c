package dev.kiln.simulator.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextAttribute;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Draws the back of a jersey with Java2D: the shirt in the primary colour, trim in the secondary colour, the
 * player's name and number, the team name, and a look per style. Pure and thread-safe: the same design always
 * gives the same pixels, so an evicted image can be drawn again.
 */
public final class JerseyRenderer {

    /** Every coordinate below is on a 768×768 canvas and scaled to the requested size. */
    private static final double CANVAS = 768;

    private JerseyRenderer() {
    }

    public static byte[] renderPng(JerseyDesign design, int size) {
        return PngEncoder.encode(render(design, size));
    }

    public static BufferedImage render(JerseyDesign design, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / CANVAS, size / CANVAS);
            drawBackdrop(g, design);
            drawShirt(g, design);
            drawCaption(g, design);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The shirt's outline on a canvas of the given size, for callers that inspect the picture. */
    public static Shape shirtOutline(int size) {
        return AffineTransform.getScaleInstance(size / CANVAS, size / CANVAS).createTransformedShape(shirt());
    }

    private static Path2D shirt() {
        Path2D path = new Path2D.Double();
        path.moveTo(312, 104);
        path.quadTo(384, 132, 456, 104);
        path.lineTo(572, 140);
        path.quadTo(640, 190, 700, 300);
        path.lineTo(620, 352);
        path.lineTo(556, 290);
        path.lineTo(560, 690);
        path.quadTo(384, 716, 208, 690);
        path.lineTo(212, 290);
        path.lineTo(148, 352);
        path.lineTo(68, 300);
        path.quadTo(128, 190, 196, 140);
        path.closePath();
        return path;
    }

    private static void drawBackdrop(Graphics2D g, JerseyDesign design) {
        Color top;
        Color bottom;
        switch (design.style()) {
            case MODERN -> {
                top = new Color(0x2B2F36);
                bottom = new Color(0x111317);
            }
            case RETRO -> {
                top = new Color(0xF3E9D2);
                bottom = new Color(0xE2D2AE);
            }
            case MINIMAL -> {
                top = new Color(0xFAFAFA);
                bottom = new Color(0xFAFAFA);
            }
            default -> {
                top = new Color(0xE9EEF4);
                bottom = new Color(0xC9D3DF);
            }
        }
        g.setPaint(new GradientPaint(0, 0, top, 0, (float) CANVAS, bottom));
        g.fill(new Rectangle2D.Double(0, 0, CANVAS, CANVAS));
        if (design.style() != JerseyStyle.MINIMAL) {
            // A soft floor shadow grounds the shirt.
            g.setPaint(new RadialGradientPaint(384, 712, 300, new float[] {0f, 1f},
                    new Color[] {new Color(0, 0, 0, 70), new Color(0, 0, 0, 0)}));
            g.fill(new Ellipse2D.Double(84, 662, 600, 100));
        }
    }

    private static void drawShirt(Graphics2D g, JerseyDesign design) {
        Path2D shirt = shirt();
        Color primary = design.primary();
        Color secondary = design.secondary();
        g.setColor(primary);
        g.fill(shirt);

        Shape previousClip = g.getClip();
        g.clip(shirt);
        switch (design.style()) {
            case CLASSIC -> drawClassicTrim(g, secondary);
            case MODERN -> drawModernTrim(g, primary, secondary);
            case RETRO -> drawRetroTrim(g, secondary);
            case MINIMAL -> drawMinimalTrim(g, secondary);
        }
        drawFabricShading(g);
        g.setClip(previousClip);

        g.setColor(shade(primary, 0.55));
        g.setStroke(new BasicStroke(design.style() == JerseyStyle.MINIMAL ? 2f : 3f,
                BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shirt);
        drawLettering(g, design);
    }

    private static void drawClassicTrim(Graphics2D g, Color trim) {
        g.setColor(trim);
        g.setStroke(new BasicStroke(18f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Path2D collar = new Path2D.Double();
        collar.moveTo(306, 100);
        collar.quadTo(384, 134, 462, 100);
        g.draw(collar);
        g.setStroke(new BasicStroke(16f));
        g.draw(line(618, 346, 696, 294));
        g.draw(line(150, 346, 72, 294));
        // Thin piping down both sides.
        g.setStroke(new BasicStroke(6f));
        g.draw(line(546, 300, 550, 700));
        g.draw(line(222, 300, 218, 700));
    }

    private static void drawModernTrim(Graphics2D g, Color primary, Color trim) {
        // Angular side panels and a chevron across the shoulders.
        g.setPaint(new GradientPaint(0, 300, shade(primary, 0.75), 0, 700, shade(primary, 0.6)));
        g.fill(polygon(556, 290, 560, 700, 500, 700, 540, 330));
        g.fill(polygon(212, 290, 208, 700, 268, 700, 228, 330));
        g.setColor(trim);
        g.fill(polygon(196, 140, 384, 186, 572, 140, 572, 160, 384, 206, 196, 160));
        g.fill(polygon(620, 352, 700, 300, 706, 312, 626, 364));
        g.fill(polygon(148, 352, 68, 300, 62, 312, 142, 364));
        g.setStroke(new BasicStroke(10f));
        Path2D collar = new Path2D.Double();
        collar.moveTo(308, 102);
        collar.quadTo(384, 132, 460, 102);
        g.draw(collar);
    }

    private static void drawRetroTrim(Graphics2D g, Color trim) {
        g.setColor(trim);
        // Hoops across the lower body and sleeves, a thick crew collar.
        for (int y : new int[] {588, 632}) {
            g.fill(new Rectangle2D.Double(0, y, CANVAS, 22));
        }
        g.setStroke(new BasicStroke(26f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Path2D collar = new Path2D.Double();
        collar.moveTo(300, 96);
        collar.quadTo(384, 138, 468, 96);
        g.draw(collar);
        g.setStroke(new BasicStroke(12f));
        g.draw(line(612, 340, 690, 288));
        g.draw(line(156, 340, 78, 288));
        g.setColor(shade(trim, 0.8));
        g.draw(line(600, 326, 680, 274));
        g.draw(line(168, 326, 88, 274));
    }

    private static void drawMinimalTrim(Graphics2D g, Color trim) {
        g.setColor(trim);
        g.setStroke(new BasicStroke(4f));
        Path2D collar = new Path2D.Double();
        collar.moveTo(312, 106);
        collar.quadTo(384, 134, 456, 106);
        g.draw(collar);
    }

    private static void drawFabricShading(Graphics2D g) {
        // A faint light from the upper left and folds under the arms, low enough to keep the colours true.
        g.setPaint(new RadialGradientPaint(300, 260, 480, new float[] {0f, 0.6f, 1f},
                new Color[] {new Color(255, 255, 255, 26), new Color(255, 255, 255, 0), new Color(0, 0, 0, 30)}));
        g.fill(new Rectangle2D.Double(0, 0, CANVAS, CANVAS));
    }

    private static void drawLettering(Graphics2D g, JerseyDesign design) {
        Color ink = readableOn(design.primary(), design.secondary());
        JerseyStyle style = design.style();
        Font nameFont = switch (style) {
            case CLASSIC -> new Font(Font.SERIF, Font.BOLD, 44);
            case MODERN -> new Font(Font.SANS_SERIF, Font.BOLD | Font.ITALIC, 42);
            case RETRO -> new Font(Font.MONOSPACED, Font.BOLD, 42);
            case MINIMAL -> new Font(Font.SANS_SERIF, Font.PLAIN, 32);
        };
        float tracking = style == JerseyStyle.MINIMAL ? 0.3f : 0.08f;
        drawCentred(g, design.playerNameUpper(), tracked(nameFont, tracking), 384, 232, 300, 56, ink, style, design);

        Font numberFont = switch (style) {
            case CLASSIC -> new Font(Font.SERIF, Font.BOLD, 240);
            case MODERN -> new Font(Font.SANS_SERIF, Font.BOLD | Font.ITALIC, 250);
            case RETRO -> new Font(Font.MONOSPACED, Font.BOLD, 240);
            case MINIMAL -> new Font(Font.SANS_SERIF, Font.PLAIN, 210);
        };
        drawCentred(g, design.number(), numberFont, 384, 420, 290, 250, ink, style, design);

        Font teamFont = switch (style) {
            case CLASSIC -> new Font(Font.SERIF, Font.ITALIC, 30);
            case MODERN -> new Font(Font.SANS_SERIF, Font.BOLD, 26);
            case RETRO -> new Font(Font.MONOSPACED, Font.BOLD, 26);
            case MINIMAL -> new Font(Font.SANS_SERIF, Font.PLAIN, 22);
        };
        String team = style == JerseyStyle.CLASSIC ? design.teamName() : design.teamName().toUpperCase();
        Color teamInk = style == JerseyStyle.RETRO ? readableOn(design.secondary(), design.primary()) : ink;
        drawCentred(g, team, tracked(teamFont, 0.12f), 384, style == JerseyStyle.RETRO ? 599 : 592, 300, 34,
                teamInk, JerseyStyle.MINIMAL, design);
    }

    /** Draws text centred on (cx, cy), shrunk to fit the box, with the style's outline or shadow. */
    private static void drawCentred(Graphics2D g, String text, Font font, double cx, double cy,
                                    double maxWidth, double maxHeight, Color ink, JerseyStyle style,
                                    JerseyDesign design) {
        if (text.isEmpty()) {
            return;
        }
        FontRenderContext frc = g.getFontRenderContext();
        GlyphVector glyphs = font.createGlyphVector(frc, text);
        Rectangle2D bounds = glyphs.getVisualBounds();
        double scale = Math.min(1.0, Math.min(maxWidth / bounds.getWidth(), maxHeight / bounds.getHeight()));
        AffineTransform place = new AffineTransform();
        place.translate(cx, cy);
        place.scale(scale, scale);
        place.translate(-bounds.getCenterX(), -bounds.getCenterY());
        Shape outline = place.createTransformedShape(glyphs.getOutline());
        switch (style) {
            case CLASSIC -> {
                g.setColor(shade(design.primary(), 0.5));
                g.setStroke(new BasicStroke((float) (10 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(outline);
            }
            case MODERN -> {
                g.setColor(new Color(0, 0, 0, 90));
                g.fill(AffineTransform.getTranslateInstance(6 * scale, 6 * scale).createTransformedShape(outline));
            }
            case RETRO -> {
                // Old-school block lettering: a hard shadow offset down and right.
                g.setColor(shade(design.primary(), 0.45));
                for (int step = 1; step <= 6; step++) {
                    g.fill(AffineTransform.getTranslateInstance(step * scale, step * scale)
                            .createTransformedShape(outline));
                }
            }
            case MINIMAL -> {
            }
        }
        g.setColor(ink);
        g.fill(outline);
    }

    private static void drawCaption(Graphics2D g, JerseyDesign design) {
        String prompt = design.prompt();
        if (prompt.isBlank()) {
            return;
        }
        String caption = prompt.length() > 80 ? prompt.substring(0, 77) + "…" : prompt;
        Color ink = design.style() == JerseyStyle.MODERN ? new Color(0xB8BEC8) : new Color(0x5A6270);
        g.setColor(ink);
        Font font = new Font(Font.SANS_SERIF, Font.ITALIC, 18);
        GlyphVector glyphs = font.createGlyphVector(g.getFontRenderContext(), caption);
        Rectangle2D bounds = glyphs.getVisualBounds();
        double scale = Math.min(1.0, 700 / bounds.getWidth());
        AffineTransform place = new AffineTransform();
        place.translate(384, 742);
        place.scale(scale, scale);
        place.translate(-bounds.getCenterX(), -bounds.getCenterY());
        g.fill(place.createTransformedShape(glyphs.getOutline()));
    }

    /** The secondary colour when it stands out on the primary; otherwise white or black, whichever reads. */
    static Color readableOn(Color background, Color preferred) {
        if (contrast(background, preferred) >= 2.2) {
            return preferred;
        }
        return contrast(background, Color.WHITE) >= contrast(background, Color.BLACK) ? Color.WHITE : new Color(0x111111);
    }

    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static Color shade(Color c, double factor) {
        return new Color((int) (c.getRed() * factor), (int) (c.getGreen() * factor), (int) (c.getBlue() * factor));
    }

    private static Font tracked(Font font, float tracking) {
        return font.deriveFont(Map.of(TextAttribute.TRACKING, tracking));
    }

    private static Shape line(double x1, double y1, double x2, double y2) {
        Path2D path = new Path2D.Double();
        path.moveTo(x1, y1);
        path.lineTo(x2, y2);
        return path;
    }

    private static Shape polygon(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
