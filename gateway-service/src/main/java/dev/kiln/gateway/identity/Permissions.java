package dev.kiln.gateway.identity;

import java.util.List;

import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may do what with predictions (README "Who may do what").
 * <ul>
 * <li>A signed-in user submits in any mode and pays its cost; reads and cancels their own predictions. An admin
 * also reads anyone's.</li>
 * <li>An anonymous caller submits in the anonymous modes only (speed) and pays nothing. An anonymous prediction's
 * id is its only key: whoever holds it may read and cancel it, as Kiln cannot tell one anonymous client from the
 * next (addresses change and are shared).</li>
 * </ul>
 */
@ApplicationScoped
public class Permissions {

    @ConfigMapping(prefix = "kiln.gateway.anonymous")
    public interface AnonymousConfig {
        /** The modes an anonymous caller may submit in; any other needs a signed-in user. */
        @WithDefault("speed")
        List<String> modes();
    }

    private final AnonymousConfig anonymous;

    Permissions(AnonymousConfig anonymous) {
        this.anonymous = anonymous;
    }

    /**
     * @throws ProblemException 401 {@code unauthenticated} for an anonymous caller in a mode that needs sign-in:
     *                          a token would make the same request succeed, which is what 401 says (403 would say
     *                          that no credentials could).
     */
    public void checkSubmit(Caller caller, String mode) {
        if (caller.isAnonymous() && !anonymous.modes().contains(mode)) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "The " + mode + " mode costs credits, so it needs"
                    + " a signed-in user: send a bearer token (an OIDC access token or a kiln_ API token)."
                    + " Without one you may submit in " + String.join(", ", anonymous.modes()) + " mode.")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
    }

    /** What the caller pays for a mode: its catalog cost, or nothing for an anonymous caller. */
    public int cost(Caller caller, int modeCost) {
        return caller.isAnonymous() ? 0 : modeCost;
    }

    /** @throws ProblemException 401 or 403 unless the caller may read the prediction of {@code owner} */
    public void checkRead(Caller caller, String owner, String predictionId) {
        if (caller.isAdmin()) {
            return;
        }
        checkOwn(caller, owner, predictionId, "read");
    }

    /** @throws ProblemException 401 or 403 unless the caller may cancel the prediction of {@code owner} */
    public void checkCancel(Caller caller, String owner, String predictionId) {
        checkOwn(caller, owner, predictionId, "cancel");
    }

    private static void checkOwn(Caller caller, String owner, String predictionId, String action) {
        if (owner.startsWith(Caller.ANONYMOUS_PREFIX) || caller.owns(owner)) {
            return;
        }
        if (caller.isAnonymous()) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "The prediction " + predictionId
                    + " belongs to a signed-in user: send their bearer token to " + action + " it.")
                    .withHeader("WWW-Authenticate", "Bearer");
        }
        throw new ProblemException(ProblemType.FORBIDDEN,
                "The prediction " + predictionId + " is another user's; you may " + action + " only your own.");
    }
}
