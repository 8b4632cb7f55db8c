package dev.kiln.gateway.clientwebhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.kiln.gateway.identity.Cidr;
import io.netty.util.NetUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which URLs a caller's webhook may have, and which addresses a delivery may connect to. A URL is checked at submit
 * (its form, and the addresses its host has then) and again before every attempt, after resolving its host, and the
 * delivery connects to the address that was checked: a name that later resolves inside our network (DNS rebinding)
 * reaches nothing. Only public addresses pass, and those of the configured allowed networks.
 */
@ApplicationScoped
public class WebhookUrls {

    static final int MAX_LENGTH = 2048;

    /** Address ranges that are not the public internet (IANA's special-purpose registries), named for the message. */
    private record Range(Cidr cidr, String kind) {
    }

    private static final List<Range> NOT_PUBLIC = List.of(
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "carrier-grade NAT"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "reserved"),
            range("192.0.2.0/24", "documentation"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("64:ff9b::/96", "NAT64"),
            range("100::/64", "discard"),
            range("2001:db8::/32", "documentation"),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    private final ClientWebhooksConfig config;
    private final List<Cidr> allowed;
    private final Vertx vertx;

    WebhookUrls(ClientWebhooksConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
        this.allowed = config.allowedNetworks().orElse(List.of()).stream()
                .filter(text -> !text.isBlank())
                .map(text -> Cidr.parse("kiln.gateway.client-webhooks.allowed-networks", text))
                .toList();
    }

    /** What is wrong with the URL's form (scheme, host, length), without looking its host up; empty if nothing. */
    public List<String> formProblems(String url) {
        List<String> problems = new ArrayList<>();
        if (url.length() > MAX_LENGTH) {
            problems.add("must be at most " + MAX_LENGTH + " characters");
            return problems;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            problems.add("must be an absolute https URL such as https://example.com/hooks/kiln");
            return problems;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            problems.add("must be an absolute https URL such as https://example.com/hooks/kiln");
            return problems;
        }
        if (scheme.equals("http") && config.requireHttps()) {
            problems.add("must be https: deliveries carry your predictions, and only https keeps them private");
        }
        if (uri.getRawUserInfo() != null) {
            problems.add("must not carry a user name or password: verify deliveries by their signature instead");
        }
        if (uri.getRawFragment() != null) {
            problems.add("must not have a fragment (#...): it is never sent");
        }
        literalAddress(uri.getHost()).flatMap(this::refusal).ifPresent(problems::add);
        return problems;
    }

    /**
     * Why the URL's host may not be reached, looked up now (off the event loop); empty if it may. A literal address
     * is judged without a lookup.
     */
    public Uni<Optional<String>> refusalAfterLookup(String url) {
        String host = URI.create(url).getHost();
        if (literalAddress(host).isPresent()) {
            return Uni.createFrom().item(Optional.empty()); // judged by formProblems
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).map(this::refusal)
                        .flatMap(Optional::stream).findFirst();
            } catch (UnknownHostException e) {
                return Optional.of("has a host, " + host + ", that does not resolve to an address");
            }
        }), false);
    }

    /**
     * The address a delivery to {@code host} connects to: the first of its addresses, once every one of them may be
     * reached (a name with one inside address among public ones is refused as a whole). Blocking: call it off the
     * event loop.
     *
     * @throws UnreachableEndpointException if the host does not resolve or an address may not be reached
     */
    InetAddress addressToConnect(String host) {
        Optional<InetAddress> literal = literalAddress(host);
        InetAddress[] addresses;
        try {
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnreachableEndpointException(host + " does not resolve to an address");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                throw new UnreachableEndpointException(host + " " + refused.get());
            }
        }
        return addresses[0];
    }

    /** Why a webhook may not reach {@code address}; empty when it is public or in an allowed network. */
    Optional<String> refusal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        String plain = zone < 0 ? text : text.substring(0, zone);
        if (allowed.stream().anyMatch(cidr -> cidr.contains(plain))) {
            return Optional.empty();
        }
        return NOT_PUBLIC.stream().filter(range -> range.cidr().contains(plain)).findFirst()
                .map(range -> "resolves to " + plain + ", a " + range.kind() + " address: webhooks reach public"
                        + " addresses only (kiln.gateway.client-webhooks.allowed-networks lists exceptions)");
    }

    private static Optional<InetAddress> literalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Range range(String cidr, String kind) {
        return new Range(Cidr.parse("not-public ranges", cidr), kind);
    }
}
