package dev.kiln.gateway.deadlines;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * Reads a {@code Cancel-After} header as Replicate writes it: a duration of whole hours, minutes and seconds in that
 * order ({@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2m30s}), or a bare number of seconds. Anything else, and a
 * duration outside [minimum, maximum], is refused with a 400 {@code invalid-parameter} that says what is taken.
 */
public final class CancelAfter {

    public static final String HEADER = "Cancel-After";
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s?)?");

    private CancelAfter() {
    }

    /** The duration the header asks for, checked against the configured bounds. */
    public static Duration parse(String header, Duration minimum, Duration maximum) {
        String value = header.trim();
        Matcher parts = DURATION.matcher(value);
        if (value.isEmpty() || !parts.matches() || endsWithBareNumberAfterUnit(value, parts)) {
            throw refused("'" + header + "' is not a duration");
        }
        Duration duration = Duration.ofHours(number(parts.group(1)))
                .plusMinutes(number(parts.group(2)))
                .plusSeconds(number(parts.group(3)));
        if (duration.compareTo(minimum) < 0 || duration.compareTo(maximum) > 0) {
            throw refused(value + " is outside " + format(minimum) + " to " + format(maximum)
                    + " (the longest any prediction may take)");
        }
        return duration;
    }

    /** {@code 1h30} is not a duration: a number without its unit is seconds only when it stands alone. */
    private static boolean endsWithBareNumberAfterUnit(String value, Matcher parts) {
        return parts.group(3) != null && !value.endsWith("s") && (parts.group(1) != null || parts.group(2) != null);
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    private static ProblemException refused(String why) {
        return new ProblemException(ProblemType.INVALID_PARAMETER, "The " + HEADER + " header " + why
                + ": send a duration such as 90s, 5m or 1h30m (hours, minutes and seconds, in that order).");
    }

    /** A duration as the header writes it: 30m, 1h30m, 90s. */
    public static String format(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0 || text.isEmpty()) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }
}
