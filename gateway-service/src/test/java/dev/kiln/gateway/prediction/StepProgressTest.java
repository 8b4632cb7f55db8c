package dev.kiln.gateway.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StepProgressTest {

    @Test
    void readsStepsDoneOverStepsFromTheLastProgressBarLine() {
        assertEquals(0.4, StepProgress.fromLogs("Using seed: 42\n  40%|████      | 20/50\n"));
        assertEquals(0.6, StepProgress.fromLogs(" 20%|██        | 10/50\n 60%|██████    | 30/50 [00:03<00:02,  9.81it/s]\n"
                + "rendering the number\n"), "the last bar line counts, whatever follows it");
        assertEquals(1.0, StepProgress.fromLogs("100%|██████████| 50/50\n"));
        assertEquals(0.5, StepProgress.fromLogs(" 50%|#####     | 25/50\n"), "an ASCII bar too");
    }

    @Test
    void readsTheLatestRedrawOfALineRedrawnWithCarriageReturns() {
        assertEquals(0.3, StepProgress.fromLogs("  0%|          | 0/10\r 10%|█         | 1/10\r 30%|███       | 3/10"));
    }

    @Test
    void isNullWithoutAProgressBarLine() {
        assertNull(StepProgress.fromLogs(null));
        assertNull(StepProgress.fromLogs(""));
        assertNull(StepProgress.fromLogs("Using seed: 42\nRendering classic jersey\n"));
        assertNull(StepProgress.fromLogs("50% of the way there\n"), "a percentage alone is not a bar");
    }
}
