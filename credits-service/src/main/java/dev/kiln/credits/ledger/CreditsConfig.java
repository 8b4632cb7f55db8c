package dev.kiln.credits.ledger;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kiln.credits")
public interface CreditsConfig {

    /** Credits a user gets when first seen (not anonymous callers, whose predictions cost nothing). */
    @WithDefault("10")
    long welcomeGrant();

    /** The most an operator can grant at once: a typo of a few zeros is refused rather than given. */
    @WithDefault("100000")
    long maxGrant();

    /** The backstop: reservations still open long after any prediction could have ended are refunded. */
    Backstop backstop();

    interface Backstop {

        /**
         * How old an open reservation must be to be refunded: past the gateway's global maximum (30 min), with a
         * margin for the last outcome to reach credits.
         */
        @WithDefault("35m")
        Duration after();

        /** How often each replica looks (a Quarkus scheduler period; off disables it). */
        @WithDefault("1m")
        String every();

        /** The most reservations one run refunds; the next run goes on. */
        @WithDefault("100")
        int batch();
    }
}
