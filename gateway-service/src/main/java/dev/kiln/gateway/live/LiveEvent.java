package dev.kiln.gateway.live;

/**
 * What a live status stream sends: a change of the prediction ({@code id} its history entry's id, {@code name}
 * {@code status}, {@code progress} or {@code done}, {@code data} the prediction object after it), or a keep-alive.
 */
public record LiveEvent(String id, String name, String data) {

    public static final String STATUS = "status";
    public static final String PROGRESS = "progress";
    public static final String DONE = "done";

    static final LiveEvent KEEP_ALIVE = new LiveEvent(null, null, null);

    public boolean isKeepAlive() {
        return name == null;
    }

    /** The last event of a stream: the prediction object in its terminal status. */
    public boolean isDone() {
        return DONE.equals(name);
    }
}
