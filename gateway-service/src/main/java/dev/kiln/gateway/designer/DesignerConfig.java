package dev.kiln.gateway.designer;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the jersey designer page (/designer/) needs to know that only the deployment knows. */
@ConfigMapping(prefix = "kiln.designer")
public interface DesignerConfig {

    /**
     * The OIDC issuer as a browser reaches it (the page signs in there with the authorization code flow and PKCE).
     * The gateway's own issuer by default; set it where the browser reaches Keycloak by another address.
     */
    @WithDefault("${kiln.oidc.issuer}")
    String oidcIssuer();

    /** The public client the page signs in with; its redirect URIs and web origins must list the page's origin. */
    @WithDefault("kiln-web")
    String clientId();

    /**
     * credits-service's base URL as a browser reaches it, for the caller's balance; without it the page shows no
     * balance. Another origin than the page's needs credits-service's CORS to allow the page's origin.
     */
    Optional<String> creditsUrl();
}
