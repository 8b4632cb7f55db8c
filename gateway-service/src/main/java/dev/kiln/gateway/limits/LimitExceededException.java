package dev.kiln.gateway.limits;

/** A submission that one of the caller's limits refused; nothing was counted or created. */
public class LimitExceededException extends RuntimeException {

    private final transient Admission refusal;

    public LimitExceededException(Admission refusal) {
        super(describe(refusal), null, false, false);
        this.refusal = refusal;
    }

    public Admission refusal() {
        return refusal;
    }

    private static String describe(Admission refusal) {
        Limit limit = refusal.limit();
        return switch (limit.kind()) {
            case RATE -> "You may submit " + limit.max() + " predictions in " + human(limit) + "; wait "
                    + refusal.retryAfterSeconds() + " s before the next one.";
            case IN_FLIGHT -> "You have " + limit.max() + " predictions in flight, as many as you may; submit the"
                    + " next when one of them has finished (or cancel one).";
            case ANONYMOUS_QUOTA -> "Anonymous callers may submit " + limit.max() + " predictions in " + human(limit)
                    + " from one address, and this address has used them; sign in to submit more, or try again"
                    + " in " + refusal.retryAfterSeconds() + " s.";
        };
    }

    private static String human(Limit limit) {
        long seconds = limit.window().toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + (seconds == 3600 ? " hour" : " hours");
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        return seconds + " seconds";
    }
}
