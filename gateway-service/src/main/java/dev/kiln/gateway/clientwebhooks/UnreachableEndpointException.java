package dev.kiln.gateway.clientwebhooks;

/** A webhook's host does not resolve, or resolves to an address a webhook may not reach: nothing is sent. */
class UnreachableEndpointException extends RuntimeException {

    UnreachableEndpointException(String message) {
        super(message, null, false, false);
    }
}
