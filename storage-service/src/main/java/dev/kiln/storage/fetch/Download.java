package dev.kiln.storage.fetch;

/** An output as downloaded: the first {@code length} bytes of {@code bytes}, recognised as {@code type}. */
public record Download(ImageType type, byte[] bytes, int length, String sha256) {
}
