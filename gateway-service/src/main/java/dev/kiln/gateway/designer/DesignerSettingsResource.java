package dev.kiln.gateway.designer;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.gateway.identity.Permissions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The settings of the jersey designer page, read by the page when it loads: the page itself is static files
 * (META-INF/resources/designer/), so the addresses that differ per deployment come from here, not from its code.
 */
@Path("/designer/settings.json")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "designer", description = "The jersey designer page's settings.")
public class DesignerSettingsResource {

    /** {@code credits_url} is null when the page should show no balance. */
    public record Settings(String oidcIssuer, String clientId, String creditsUrl, List<String> anonymousModes) {
    }

    private final Settings settings;

    DesignerSettingsResource(DesignerConfig config, Permissions.AnonymousConfig anonymous) {
        this.settings = new Settings(config.oidcIssuer(), config.clientId(),
                config.creditsUrl().map(url -> url.replaceAll("/+$", "")).orElse(null), anonymous.modes());
    }

    @GET
    @Operation(summary = "The designer page's settings", description = "Where the page signs in (the OIDC issuer "
            + "and public client), where it reads the caller's balance, and which modes need no sign-in.")
    public Settings settings() {
        return settings;
    }
}
