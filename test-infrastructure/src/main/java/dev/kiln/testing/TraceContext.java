package dev.kiln.testing;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A W3C trace context (https://www.w3.org/TR/trace-context/) that a test sends as its {@code traceparent}, as a traced
 * caller or producer would, and the trace id that whatever the service sends on must keep.
 */
public record TraceContext(String traceId, String spanId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh trace, its id as a traced caller would draw it. */
    public static TraceContext fresh() {
        return new TraceContext(hex(16), hex(8));
    }

    /** The {@code traceparent} header of this context, sampled or not. */
    public String traceparent(boolean sampled) {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    /** The trace id of a {@code traceparent} header, or null when there is none or it is malformed. */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    private static String hex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
