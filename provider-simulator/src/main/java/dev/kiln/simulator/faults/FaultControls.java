package dev.kiln.simulator.faults;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.simulator.SimulatorConfig;

/** The current fault settings, changed at runtime through /_sim/faults. */
@ApplicationScoped
public class FaultControls {

    private final Faults defaults;
    private volatile Faults current;
    private final AtomicLong drawsSinceSeed = new AtomicLong();

    public FaultControls(SimulatorConfig config) {
        Long seed = config.seed().isPresent() ? config.seed().getAsLong() : null;
        this.defaults = Faults.none(config.timeScale(), seed);
        this.current = defaults;
    }

    public Faults current() {
        return current;
    }

    /** Applies valid settings; a seed restarts its sequence, so the same seed replays the same run. */
    public synchronized void apply(Faults faults) {
        if (!faults.invalidFields().isEmpty()) {
            throw new IllegalArgumentException("invalid faults: " + faults.invalidFields());
        }
        this.current = faults;
        drawsSinceSeed.set(0);
    }

    public void reset() {
        apply(defaults);
    }

    /** The settings and random stream for one create request. */
    public FaultDraw draw() {
        Faults faults = current;
        long seed = faults.seed() == null
                ? ThreadLocalRandom.current().nextLong()
                : mix(faults.seed(), drawsSinceSeed.getAndIncrement());
        return new FaultDraw(faults, new SplittableRandom(seed));
    }

    private static long mix(long seed, long index) {
        // SplitMix64 finaliser: neighbouring indices give unrelated streams.
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
