package dev.kiln.simulator.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG writer (8-bit RGB, the "Up" filter on every row, fastest deflate). ImageIO's writer tries every
 * filter per row and spends twice as long as drawing the picture; this one is several times faster and, on these
 * flat-coloured images with vertical gradients, about as small.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int FILTER_UP = 2;

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream(128 * 1024);
            png.write(SIGNATURE);
            ByteArrayOutputStream header = new ByteArrayOutputStream(13);
            DataOutputStream h = new DataOutputStream(header);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(8);  // bit depth
            h.writeByte(2);  // colour type: truecolour
            h.writeByte(0);  // compression: deflate
            h.writeByte(0);  // filter method
            h.writeByte(0);  // no interlace
            chunk(png, "IHDR", header.toByteArray());

            ByteArrayOutputStream compressed = new ByteArrayOutputStream(128 * 1024);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream data = new DeflaterOutputStream(compressed, deflater, 64 * 1024)) {
                int[] argb = new int[width];
                byte[] previous = new byte[width * 3];
                byte[] current = new byte[width * 3];
                byte[] filtered = new byte[width * 3 + 1];
                filtered[0] = FILTER_UP;
                for (int y = 0; y < height; y++) {
                    image.getRGB(0, y, width, 1, argb, 0, width);
                    for (int x = 0; x < width; x++) {
                        int pixel = argb[x];
                        current[x * 3] = (byte) (pixel >> 16);
                        current[x * 3 + 1] = (byte) (pixel >> 8);
                        current[x * 3 + 2] = (byte) pixel;
                    }
                    for (int i = 0; i < current.length; i++) {
                        filtered[i + 1] = (byte) (current[i] - previous[i]);
                    }
                    data.write(filtered);
                    byte[] swap = previous;
                    previous = current;
                    current = swap;
                }
            } finally {
                deflater.end();
            }
            chunk(png, "IDAT", compressed.toByteArray());
            chunk(png, "IEND", new byte[0]);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
