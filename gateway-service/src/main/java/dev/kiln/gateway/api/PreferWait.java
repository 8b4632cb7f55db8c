package dev.kiln.gateway.api;

import java.time.Duration;
import java.util.Optional;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;

/**
 * Reads {@code Prefer: wait=N} (RFC 7240) as Replicate takes it on a create: hold the answer until the prediction
 * is terminal or N seconds pass. {@code wait} alone is the longest wait. Other preferences are ignored, as RFC 7240
 * asks; a wait that is not a whole number from 1 to the maximum is refused with 400 {@code invalid-parameter}.
 */
final class PreferWait {

    static final String HEADER = "Prefer";
    static final String APPLIED_HEADER = "Preference-Applied";
    /** The header in the OpenAPI document, the same for both routes that submit. */
    static final String OPENAPI_EXAMPLE = "wait=30";
    static final String OPENAPI_DESCRIPTION = "wait=N (N from 1 to 60 s) or wait (60 s): answer once the prediction"
            + " is terminal, or after N s with its state then.";

    private PreferWait() {
    }

    /** How long to wait, if the header asks for it. */
    static Optional<Duration> parse(String header, int maxSeconds) {
        if (header == null) {
            return Optional.empty();
        }
        for (String preference : header.split("[,;]")) {
            String[] nameAndValue = preference.trim().split("=", 2);
            if (!nameAndValue[0].trim().equalsIgnoreCase("wait")) {
                continue;
            }
            if (nameAndValue.length == 1) {
                return Optional.of(Duration.ofSeconds(maxSeconds));
            }
            String value = nameAndValue[1].trim().replace("\"", "");
            try {
                int seconds = Integer.parseInt(value);
                if (seconds >= 1 && seconds <= maxSeconds) {
                    return Optional.of(Duration.ofSeconds(seconds));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The " + HEADER + " header asks to wait '"
                    + value + "' seconds: send wait=N with N a whole number from 1 to " + maxSeconds
                    + ", or wait alone for " + maxSeconds + " s. Nothing was submitted.");
        }
        return Optional.empty();
    }
}
