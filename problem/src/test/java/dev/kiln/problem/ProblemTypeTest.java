package dev.kiln.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void everyTypeHasItsOwnSlug() {
        var slugs = Arrays.stream(ProblemType.values()).map(ProblemType::slug).collect(Collectors.toSet());
        assertEquals(ProblemType.values().length, slugs.size());
    }

    @Test
    void theFrameworkStatusesMapToOneTypeEach() {
        assertEquals(ProblemType.NOT_FOUND, ProblemType.ofFrameworkStatus(404).orElseThrow());
        assertEquals(ProblemType.METHOD_NOT_ALLOWED, ProblemType.ofFrameworkStatus(405).orElseThrow());
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.ofFrameworkStatus(415).orElseThrow());
        assertEquals(ProblemType.MALFORMED_BODY, ProblemType.ofFrameworkStatus(400).orElseThrow());
        assertEquals(ProblemType.UNAUTHENTICATED, ProblemType.ofFrameworkStatus(401).orElseThrow());
        assertEquals(ProblemType.FORBIDDEN, ProblemType.ofFrameworkStatus(403).orElseThrow());
    }

    @Test
    void theErrorCatalogueDocumentsEveryTypeWithItsStatus() throws IOException {
        String catalogue = Files.readString(Path.of("..", "docs", "errors.md"));
        for (ProblemType type : ProblemType.values()) {
            assertTrue(catalogue.contains("`" + type.slug() + "`") && catalogue.contains("| " + type.status() + " |"),
                    "docs/errors.md does not document " + type.slug() + " (" + type.status() + ")");
            assertTrue(catalogue.contains("\"type\": \"" + type.uri() + "\""),
                    "docs/errors.md has no example body for " + type.slug());
        }
    }

    @Test
    void aRetryAfterIsWholeSecondsRoundedUp() {
        var problem = new ProblemException(ProblemType.RATE_LIMITED, "slow down")
                .retryAfter(java.time.Duration.ofMillis(1500));
        assertEquals("2", problem.headers().get("Retry-After"));
    }
}
