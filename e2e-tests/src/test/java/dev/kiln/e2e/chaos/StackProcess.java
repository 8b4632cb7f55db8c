package dev.kiln.e2e.chaos;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A component that ./stack started (a service, or the Kafka broker), found by the pid file ./stack keeps for it
 * ("pid start-time" in .stack/run/NAME.pid). It can be stopped, by SIGKILL as a crash or by SIGTERM, and started
 * again exactly as it was: the same command line, environment and working directory read from /proc before the
 * stop, in a session of its own, its output appended to the same log; and the pid file is rewritten, so that
 * ./stack still knows it (./stack test stops it at the end, ./stack status shows it). Linux only, as ./stack is.
 */
final class StackProcess {

    private final String name;
    private final Path pidFile;
    private final int port;
    private Launch lastLaunch;
    private long lastPid;

    StackProcess(String name, Path stackRun, int port) {
        this.name = name;
        this.pidFile = stackRun.resolve(name + ".pid");
        this.port = port;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** How it was started, read from /proc while it runs. */
    record Launch(List<String> command, Map<String, String> environment, Path directory, Path log) {
    }

    /** SIGKILL (a crash: no shutdown hook, no clean leave of its consumer groups), then the same start again. */
    long crashAndRestart() throws IOException {
        long pid = pid();
        Launch launch = launchOf(pid);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(10));
        return start(launch);
    }

    /** SIGTERM (its orderly shutdown), SIGKILL after the timeout, then the same start again. */
    long stopAndRestart(Duration timeout) throws IOException {
        long pid = pid();
        Launch launch = launchOf(pid);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroy();
        if (!awaitExit(process, timeout)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(10));
        }
        return start(launch);
    }

    /** The pid of the running component, checked against the start time that ./stack recorded with it. */
    long pid() throws IOException {
        String[] recorded = Files.readString(pidFile).trim().split("\\s+");
        long pid = Long.parseLong(recorded[0]);
        if (recorded.length < 2 || !recorded[1].equals(startTime(pid))) {
            throw new IllegalStateException(name + " is not running as " + pidFile + " says (" + String.join(" ",
                    recorded) + "): was it started by ./stack from this directory?");
        }
        return pid;
    }

    /** Whether something accepts connections on the component's port. */
    boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the process started last is still there. */
    boolean alive() {
        return ProcessHandle.of(lastPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts the last launch again (after it exited during its start: a dependency that was away, say). */
    long startAgain() throws IOException {
        return start(lastLaunch);
    }

    private long start(Launch launch) throws IOException {
        lastLaunch = launch;
        awaitPortFree();
        List<String> command = new ArrayList<>();
        // setsid: a session of its own, as ./stack's spawn gives it, so that it outlives this test's JVM.
        command.add("setsid");
        command.addAll(launch.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.directory().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        Process process = builder.start();
        long pid = process.pid();
        lastPid = pid;
        // The start time is the fork's, which exec keeps: ./stack's check of the pid file holds.
        Files.writeString(pidFile, pid + " " + startTime(pid) + "\n");
        return pid;
    }

    static Launch launchOf(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> command = split(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : split(Files.readAllBytes(proc.resolve("environ")))) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        Path directory = Files.readSymbolicLink(proc.resolve("cwd"));
        Path log = Files.readSymbolicLink(proc.resolve("fd/1"));
        return new Launch(command, environment, directory, log);
    }

    private static List<String> split(byte[] nulSeparated) {
        return Arrays.stream(new String(nulSeparated, StandardCharsets.UTF_8).split("\0"))
                .filter(part -> !part.isEmpty()).toList();
    }

    /** Field 22 of /proc/PID/stat, as ./stack's proc_start_time reads it. */
    static String startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String afterName = stat.substring(stat.lastIndexOf(") ") + 2);
        return afterName.split(" ")[19];
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitPortFree() {
        await("port " + port + " of " + name + " free after its stop").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> !listening());
    }
}
