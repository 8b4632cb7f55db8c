package dev.kiln.storage.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ImageTypeTest {

    @Test
    void recognisesEachAcceptedFormatByItsFirstBytes() {
        assertEquals(Optional.of(ImageType.PNG), detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}));
        assertEquals(Optional.of(ImageType.JPEG), detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}));
        assertEquals(Optional.of(ImageType.GIF), detect("GIF89a...".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(ImageType.GIF), detect("GIF87a...".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.of(ImageType.WEBP), detect("RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void givesEachFormatItsMediaTypeAndExtension() {
        assertEquals("image/png png", ImageType.PNG.mediaType() + " " + ImageType.PNG.extension());
        assertEquals("image/jpeg jpg", ImageType.JPEG.mediaType() + " " + ImageType.JPEG.extension());
        assertEquals("image/webp webp", ImageType.WEBP.mediaType() + " " + ImageType.WEBP.extension());
        assertEquals("image/gif gif", ImageType.GIF.mediaType() + " " + ImageType.GIF.extension());
    }

    @Test
    void refusesHtmlSvgAndOtherRiffFiles() {
        assertEquals(Optional.empty(), detect("<!doctype html><html>".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), detect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), detect("RIFF\u0024\u0000\u0000\u0000WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void refusesASignatureCutShortOrLyingBeyondTheBody() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        assertEquals(Optional.empty(), ImageType.detect(png, 7));
        assertEquals(Optional.empty(), ImageType.detect(new byte[0], 0));
    }

    private static Optional<ImageType> detect(byte[] content) {
        return ImageType.detect(content, content.length);
    }
}
