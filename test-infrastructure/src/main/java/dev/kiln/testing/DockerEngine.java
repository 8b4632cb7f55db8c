package dev.kiln.testing;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can start containers on this machine. */
final class DockerEngine {

    private DockerEngine() {
    }

    static boolean answers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The failure to report when neither the local stack nor a Docker engine provides a server. */
    static IllegalStateException missing(String what, String portVariable, int defaultPort) {
        return new IllegalStateException(
                "No " + what + " answers on localhost:" + defaultPort + " (or on the port in $" + portVariable
                        + ") and no Docker engine is available for Testcontainers. Start the infrastructure with"
                        + " './stack infra' (or run the tests through './stack test').");
    }
}
