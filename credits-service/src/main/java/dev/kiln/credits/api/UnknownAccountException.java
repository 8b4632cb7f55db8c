package dev.kiln.credits.api;

/** No account for the user: the user has never submitted a prediction. */
class UnknownAccountException extends RuntimeException {

    UnknownAccountException(String userId) {
        super("No credits account for user " + userId + ": an account opens with the user's first prediction.");
    }
}
