package dev.kiln.gateway.deadletters;

import dev.kiln.cloudevents.DeadLetterContext;

/**
 * The headers of a dead-lettered record. SmallRye's dead-letter queue keeps the record's own headers and adds the
 * reason, the cause and where the record was read (dead-letter-*); Kiln's consumers add which of them gave up and after
 * how many attempts (kiln-consumer, kiln-group, kiln-attempts: kiln-cloud-events' DeadLetterContext). A replayed
 * record carries where it was replayed from.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    /** On a replayed record: the dead letter it came from, {@code <topic>/<partition>/<offset>}. */
    public static final String REPLAYED_FROM = "kiln-replayed-from";

    private DeadLetterHeaders() {
    }

    /** Headers that describe a dead-lettering, not the event: a replay leaves them out. */
    static boolean describesTheDeadLettering(String header) {
        return header.startsWith("dead-letter-") || header.equals(REPLAYED_FROM)
                || header.equals(DeadLetterContext.CONSUMER) || header.equals(DeadLetterContext.GROUP)
                || header.equals(DeadLetterContext.ATTEMPTS);
    }
}
