package dev.kiln.webhook.verify;

/** The provider's signing secret is not known yet, so nothing from it can be verified. */
public class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String provider) {
        super("The webhook secret of provider " + provider + " is not known yet; retry later");
    }
}
