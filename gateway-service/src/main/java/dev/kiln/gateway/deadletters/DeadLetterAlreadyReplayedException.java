package dev.kiln.gateway.deadletters;

/** A dead letter is replayed once: a second replay of it would deliver the event again for nothing. */
public class DeadLetterAlreadyReplayedException extends RuntimeException {

    private final transient DeadLetter.Replay replay;

    public DeadLetterAlreadyReplayedException(String coordinates, DeadLetter.Replay replay) {
        super("The dead letter " + coordinates + " was already replayed"
                + (replay == null ? " (the replay is under way)." : " at " + replay.replayedAt() + " by "
                        + replay.replayedBy() + ", as " + replay.topic() + "/" + replay.partition() + "/"
                        + replay.offset() + "."));
        this.replay = replay;
    }

    public DeadLetter.Replay replay() {
        return replay;
    }
}
