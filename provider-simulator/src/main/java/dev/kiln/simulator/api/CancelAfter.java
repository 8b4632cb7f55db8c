package dev.kiln.simulator.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * Replicate's Cancel-After header on a create: hours, minutes and seconds in that order ({@code 90s}, {@code 5m},
 * {@code 1h30m}) or a bare number of seconds; at least one second here. (The gateway reads the same format for its
 * own callers, with its own bounds.)
 */
final class CancelAfter {

    static final String HEADER = "Cancel-After";
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})(s?))?");

    private CancelAfter() {
    }

    /** The deadline from now, or null without the header; a malformed one is a 400 that changes nothing. */
    static Duration parse(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        Matcher parts = DURATION.matcher(value);
        boolean unitless = parts.matches() && parts.group(3) != null && parts.group(4).isEmpty();
        if (value.isEmpty() || !parts.matches() || unitless && (parts.group(1) != null || parts.group(2) != null)) {
            throw refused(header);
        }
        Duration duration = Duration.ofHours(number(parts.group(1))).plusMinutes(number(parts.group(2)))
                .plusSeconds(number(parts.group(3)));
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw refused(header);
        }
        return duration;
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static ProblemException refused(String header) {
        return new ProblemException(ProblemType.INVALID_PARAMETER, "Cancel-After '" + header
                + "' is not a duration of at least 1s: send one such as 90s, 5m or 1h30m.");
    }
}
