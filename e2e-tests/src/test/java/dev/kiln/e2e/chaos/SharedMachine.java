package dev.kiln.e2e.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine may be shared with other builds whose service tests use the same Kafka broker, Redis and PostgreSQL
 * (their own topics and groups, but the same servers). Restarting the broker or making Redis or PostgreSQL
 * unavailable would fail their tests, so in mode auto those faults run only while no other build's tests run: no
 * Surefire or Failsafe JVM whose working directory lies outside this repository.
 */
final class SharedMachine {

    private SharedMachine() {
    }

    /** The other builds' test JVMs, one line each (pid and working directory); empty when there are none. */
    static List<String> otherBuildsTesting(Path ourRepository) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(SharedMachine::isTestJvm).orElse(false))
                .map(process -> process.pid() + " in " + workingDirectory(process.pid()))
                // Ours: this run's Maven and test JVMs work in the repository or one of its modules.
                .filter(line -> !line.endsWith(" in " + ourRepository) && !line.contains(" in " + ourRepository + "/"))
                .toList();
    }

    private static boolean isTestJvm(String commandLine) {
        return commandLine.contains("surefire") || commandLine.contains("failsafe");
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}
