package dev.kiln.credits.ledger;

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
}
