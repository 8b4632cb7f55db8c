package dev.kiln.gateway.prediction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a running model is, read from its logs as Replicate's clients read them: the last progress bar line that
 * a model's tqdm prints ({@code  40%|████      | 20/50}), as steps done over steps in all.
 */
public final class StepProgress {

    /** A tqdm line: percentage, the bar, then done/total (a rate and times may follow). */
    private static final Pattern STEP_LINE = Pattern.compile("^\\s*(\\d{1,3})%\\s*\\|[^|]*\\|\\s*(\\d+)/(\\d+)");

    private StepProgress() {
    }

    /** From 0 to 1, or null when the logs hold no progress bar line. */
    public static Double fromLogs(String logs) {
        if (logs == null || logs.isEmpty()) {
            return null;
        }
        // tqdm redraws its line with carriage returns; each redraw counts as a line of its own.
        String[] lines = logs.split("[\\r\\n]+");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher step = STEP_LINE.matcher(lines[i]);
            if (step.find()) {
                long done = Long.parseLong(step.group(2));
                long total = Long.parseLong(step.group(3));
                double progress = total > 0 ? (double) done / total : Integer.parseInt(step.group(1)) / 100.0;
                return Math.max(0, Math.min(1, progress));
            }
        }
        return null;
    }
}
