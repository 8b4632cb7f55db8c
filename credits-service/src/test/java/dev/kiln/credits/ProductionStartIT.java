package dev.kiln.credits;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged service, started as production starts it (no profile): without a secret or the issuer it must refuse
 * to start and say which one is missing, instead of running on a default that only suits a laptop. It is pointed
 * at a Kafka and a PostgreSQL that do not exist, so that it can never touch the running stack's.
 */
class ProductionStartIT {

    private static final Path APPLICATION = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void refusesToStartWithoutTheDatabasePasswordAndNamesIt() throws Exception {
        String output = startAndExpectRefusal(Map.of("KILN_OIDC_ISSUER", "http://localhost:1/realms/kiln"));
        assertTrue(output.contains("KILN_POSTGRES_PASSWORD"), () -> "the refusal does not name it:\n" + output);
    }

    @Test
    void refusesToStartWithoutTheIssuerAndNamesIt() throws Exception {
        String output = startAndExpectRefusal(Map.of("KILN_POSTGRES_PASSWORD", "not-the-real-one"));
        assertTrue(output.contains("KILN_OIDC_ISSUER"), () -> "the refusal does not name it:\n" + output);
    }

    private static String startAndExpectRefusal(Map<String, String> given) throws IOException, InterruptedException {
        assertTrue(Files.exists(APPLICATION), APPLICATION + " is built by mvn package, before this test");
        Path log = Files.createTempFile("credits-production-start", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder start = new ProcessBuilder(java, "-jar", APPLICATION.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = start.environment();
        environment.keySet().removeIf(name -> name.startsWith("KILN_") || name.startsWith("QUARKUS_"));
        environment.put("QUARKUS_HTTP_PORT", "0");
        environment.put("KILN_POSTGRES_PORT", "1");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:1");
        environment.putAll(given);
        Process process = start.start();
        try {
            boolean ended = process.waitFor(90, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(ended, () -> "it started (or hung) without what it needs:\n" + output);
            assertNotEquals(0, process.exitValue(), () -> "it exited cleanly:\n" + output);
            return output;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
