package dev.kiln.storage.fetch;

/**
 * An output that will not be stored, with the reason that prediction.storage_failed carries. Thrown at once for
 * what no retry can fix (a foreign host, not an image, too big) and after the last attempt for the rest.
 */
public class OutputRejectedException extends Exception {

    public OutputRejectedException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
