package dev.kiln.gateway.account;

/** The caller has no live API token with this id (none, another user's, or revoked already). */
public class UnknownApiTokenException extends RuntimeException {

    private final String id;

    public UnknownApiTokenException(String id) {
        super("You have no API token with the id " + id + ".");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
