package dev.kiln.storage;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

/** Real images for the tests, drawn with Java2D and encoded by ImageIO. */
final class Images {

    private Images() {
    }

    static byte[] png() {
        return encode("png");
    }

    static byte[] jpeg() {
        return encode("jpg");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // A random colour per image, so that no two tests store the same bytes.
    private static byte[] encode(String format) {
        var image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(ThreadLocalRandom.current().nextInt(0xFFFFFF)));
        graphics.fillRect(0, 0, 64, 64);
        graphics.setColor(Color.WHITE);
        graphics.drawString("10", 24, 36);
        graphics.dispose();
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
