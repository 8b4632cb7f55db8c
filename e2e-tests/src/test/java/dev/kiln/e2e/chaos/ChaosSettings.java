package dev.kiln.e2e.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one chaos run does, from environment variables (docs/local-stack.md lists them). The seed is the only thing
 * that differs between two runs with the same settings: it chooses who submits what and when, which callers cancel,
 * the order in which services are killed, and it seeds the simulator's faults, so a failing run can be replayed.
 */
record ChaosSettings(
        long seed,
        int predictions,
        Duration load,
        Duration settle,
        Set<String> faults,
        List<String> killed,
        String infrastructureFaults,
        int users,
        Path stackRun,
        Path repositoryRoot) {

    /** Every fault the suite knows, in the order of the timeline. */
    static final List<String> ALL_FAULTS = List.of("kill", "kafka", "redis", "postgres", "webhooks", "creates", "jobs");
    /** The faults that disturb infrastructure shared with other builds on the machine. */
    static final Set<String> INFRASTRUCTURE_FAULTS = Set.of("kafka", "redis", "postgres");
    /**
     * Kiln's own services. The simulator stands in for the provider: killing it loses every job it runs and draws a
     * new webhook secret, so it is killed only when KILN_CHAOS_KILL names it.
     */
    static final List<String> KILN_SERVICES = List.of("gateway-service", "webhook-service", "credits-service",
            "storage-service");

    static ChaosSettings fromEnvironment() {
        long seed = env("KILN_CHAOS_SEED").map(Long::parseLong)
                .orElseGet(() -> new SecureRandom().nextLong() & 0xFFFF_FFFFL);
        Set<String> faults = new LinkedHashSet<>();
        String faultList = env("KILN_CHAOS_FAULTS").orElse(String.join(",", ALL_FAULTS));
        if (!faultList.equals("none")) {
            for (String fault : faultList.split(",")) {
                String name = fault.trim();
                if (!ALL_FAULTS.contains(name)) {
                    throw new IllegalArgumentException("KILN_CHAOS_FAULTS names " + name
                            + ", which is not a fault of the chaos suite; it knows " + ALL_FAULTS + " (or none)");
                }
                faults.add(name);
            }
        }
        List<String> killed = env("KILN_CHAOS_KILL").map(list -> Arrays.stream(list.split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).toList()).orElse(KILN_SERVICES);
        String infrastructure = env("KILN_CHAOS_INFRA").orElse("auto");
        if (!Set.of("auto", "on", "off").contains(infrastructure)) {
            throw new IllegalArgumentException("KILN_CHAOS_INFRA is " + infrastructure + "; it must be auto, on or off");
        }
        // Maven runs the tests in e2e-tests/: the repository is its parent, ./stack's state under .stack/.
        Path root = Path.of("").toAbsolutePath().getParent();
        Path run = env("KILN_STACK_RUN").map(Path::of).orElse(root.resolve(".stack/run"));
        return new ChaosSettings(seed,
                env("KILN_CHAOS_PREDICTIONS").map(Integer::parseInt).orElse(200),
                Duration.ofSeconds(env("KILN_CHAOS_LOAD_SECONDS").map(Long::parseLong).orElse(60L)),
                Duration.ofSeconds(env("KILN_CHAOS_SETTLE_SECONDS").map(Long::parseLong).orElse(120L)),
                Set.copyOf(faults), killed, infrastructure,
                env("KILN_CHAOS_USERS").map(Integer::parseInt).orElse(20),
                run, root);
    }

    boolean has(String fault) {
        return faults.contains(fault);
    }

    /** A line that replays this run. */
    String replay() {
        return "KILN_CHAOS_SEED=" + seed + " KILN_CHAOS_FAULTS=" + (faults.isEmpty() ? "none" : String.join(",",
                ALL_FAULTS.stream().filter(faults::contains).toList())) + " KILN_CHAOS_KILL=" + String.join(",", killed);
    }

    boolean stackRunExists() {
        return Files.isDirectory(stackRun);
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
