package dev.kiln.gateway.identity;

import java.util.List;

import dev.kiln.gateway.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client's address. X-Forwarded-For is believed only when the connection comes from a trusted proxy
 * ({@code kiln.gateway.trusted-proxies}); then the address is the right-most entry that is not itself a trusted
 * proxy, because every entry left of it was written by someone we do not trust. Quarkus' own
 * {@code quarkus.http.proxy.*} is not used: with an empty trusted list it trusts every peer, and it takes the
 * left-most entry, which any client can forge.
 */
@ApplicationScoped
public class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trustedProxies;

    @Inject
    ClientAddresses(GatewayConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse)
                .toList();
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return of(peer, request.headers().getAll(FORWARDED_FOR));
    }

    String of(String peer, List<String> forwardedForHeaders) {
        if (!isTrusted(peer) || forwardedForHeaders.isEmpty()) {
            return peer;
        }
        String[] hops = String.join(",", forwardedForHeaders).split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!Cidr.isAddress(hop)) {
                return peer; // a hop that is no address: the header cannot be believed past it
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }
}
