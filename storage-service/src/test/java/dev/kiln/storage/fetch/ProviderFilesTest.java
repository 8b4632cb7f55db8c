package dev.kiln.storage.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProviderFilesTest {

    @Test
    void namesTheSizeCapInTheUnitAPersonWouldWrite() {
        assertEquals("20 MiB", ProviderFiles.size(20L * 1024 * 1024));
        assertEquals("512 KiB", ProviderFiles.size(512L * 1024));
        assertEquals("1000 bytes", ProviderFiles.size(1000));
    }
}
