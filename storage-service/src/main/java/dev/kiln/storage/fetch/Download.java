package dev.kiln.storage.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

/**
 * An output as downloaded: {@code length} bytes in a temporary {@code file}, recognised as {@code type}. Close it once
 * the output is stored (or given up on): that deletes the file.
 */
public record Download(ImageType type, Path file, long length, String sha256) implements AutoCloseable {

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The output is stored (or given up on) either way: a file left behind is no reason to do it again.
            Logger.getLogger(Download.class).warnf("Could not delete the temporary file %s: %s", file, e.getMessage());
        }
    }
}
