package dev.kiln.storage.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The allow-list of provider file hosts. Only http(s) URLs whose host and port are listed may be downloaded, so a
 * provider response (or anyone who can forge one) cannot make us fetch from our own network or from anywhere else.
 */
public final class ProviderHosts {

    private final Set<String> allowed;

    /** @param entries {@code host} (meaning the scheme's default port) or {@code host:port} */
    public ProviderHosts(List<String> entries) {
        this.allowed = entries.stream()
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The URL of output {@code index}, once it is known to point at an allowed host. */
    public URI check(int index, String url) throws OutputRejectedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new OutputRejectedException("output " + index + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutputRejectedException("output " + index + " is not an http or https URL");
        }
        if (uri.getHost() == null) {
            throw new OutputRejectedException("output " + index + " has no host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        boolean listed = allowed.contains(host + ":" + port) || (port == defaultPort && allowed.contains(host));
        if (!listed) {
            String shown = uri.getPort() == -1 ? host : host + ":" + port;
            throw new OutputRejectedException("host " + shown + " is not an allowed provider host");
        }
        return uri;
    }
}
