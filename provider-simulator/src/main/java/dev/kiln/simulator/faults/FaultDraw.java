package dev.kiln.simulator.faults;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fault settings one create request saw, with its own stream of random numbers. Under a seed the n-th
 * create since the seed was set always gets the same stream, so a run replays exactly whatever the timing.
 */
public final class FaultDraw {

    private final Faults faults;
    private final SplittableRandom random;

    FaultDraw(Faults faults, SplittableRandom random) {
        this.faults = faults;
        this.random = random;
    }

    public Faults faults() {
        return faults;
    }

    /** The status the create must fail with, or null; always consumes one draw so that later draws line up. */
    public synchronized Integer createFailureStatus() {
        double draw = random.nextDouble();
        double upTo = 0;
        for (Map.Entry<Integer, Double> share : faults.createFailureShares().entrySet()) {
            upTo += share.getValue();
            if (draw < upTo) {
                return share.getKey();
            }
        }
        return null;
    }

    /** A factor in [0.8, 1.2) around a model's estimate. */
    public synchronized double runTimeJitter() {
        return 0.8 + 0.4 * random.nextDouble();
    }

    public synchronized boolean jobFails() {
        return random.nextDouble() < faults.failureRate();
    }

    public synchronized boolean dropWebhook() {
        return random.nextDouble() < faults.dropWebhooks();
    }

    public synchronized boolean duplicateWebhook() {
        return random.nextDouble() < faults.duplicateWebhooks();
    }

    /** Whether this prediction's webhooks are reordered; drawn once, when its webhook queue is made. */
    public synchronized boolean reorderWebhooks() {
        return random.nextDouble() < faults.reorderWebhooks();
    }

    /** A seed for the model's own randomness, as the "Using seed" line of a real model's logs. */
    public synchronized int modelSeed() {
        return random.nextInt(1 << 16);
    }
}
