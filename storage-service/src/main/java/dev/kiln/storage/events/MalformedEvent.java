package dev.kiln.storage.events;

/** A record that no retry can make readable; it goes straight to the dead-letter topic. */
public class MalformedEvent extends RuntimeException {

    public MalformedEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
