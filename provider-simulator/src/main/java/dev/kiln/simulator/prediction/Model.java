package dev.kiln.simulator.prediction;

/** A model the simulator runs: "owner/name", its version id and the mean run time before scaling. */
public record Model(String name, String version, double estimatedSeconds) {
}
