package dev.kiln.storage.fetch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats we store, recognised by their first bytes. The server's Content-Type is never trusted: a
 * provider host that serves an HTML error page as image/png must not get it stored as a picture.
 */
public enum ImageType {

    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87A = ascii("GIF87a");
    private static final byte[] GIF89A = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP_FORM = ascii("WEBP");

    private final String mediaType;
    private final String extension;

    ImageType(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format whose signature opens {@code content}, if any. */
    public static Optional<ImageType> detect(byte[] content, int length) {
        if (startsWith(content, length, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWith(content, length, 0, JPEG_SIGNATURE)) {
            return Optional.of(JPEG);
        }
        if (startsWith(content, length, 0, GIF87A) || startsWith(content, length, 0, GIF89A)) {
            return Optional.of(GIF);
        }
        // RIFF container: 4 bytes of chunk size sit between the two markers.
        if (startsWith(content, length, 0, RIFF) && startsWith(content, length, 8, WEBP_FORM)) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] content, int length, int offset, byte[] signature) {
        return length >= offset + signature.length
                && Arrays.equals(content, offset, offset + signature.length, signature, 0, signature.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
