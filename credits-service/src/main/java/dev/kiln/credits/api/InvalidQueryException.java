package dev.kiln.credits.api;

class InvalidQueryException extends RuntimeException {

    InvalidQueryException(String message) {
        super(message);
    }
}
