package dev.kiln.gateway.identity;

import java.util.Arrays;

import io.netty.util.NetUtil;

/** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; literal addresses only, never a DNS lookup. */
public record Cidr(byte[] network, int prefixLength) {

    static Cidr parse(String text) {
        return parse("kiln.gateway.trusted-proxies", text);
    }

    /** The range {@code text} of the setting {@code setting}; a bad one is refused naming the setting. */
    public static Cidr parse(String setting, String text) {
        String[] parts = text.split("/", 2);
        byte[] network = NetUtil.createByteArrayFromIpAddressString(parts[0].trim());
        if (network == null) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not an address range"
                    + " such as 10.0.0.0/8 or ::1/128");
        }
        int length = parts.length == 1 ? network.length * 8 : Integer.parseInt(parts[1].trim());
        if (length < 0 || length > network.length * 8) {
            throw new IllegalArgumentException(setting + ": '" + text + "' has a prefix length"
                    + " outside 0.." + network.length * 8);
        }
        return new Cidr(network, length);
    }

    static boolean isAddress(String text) {
        return NetUtil.createByteArrayFromIpAddressString(text) != null;
    }

    public boolean contains(String address) {
        byte[] candidate = NetUtil.createByteArrayFromIpAddressString(address);
        if (candidate == null || candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        if (!Arrays.equals(candidate, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        int mask = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (candidate[whole] & mask) == (network[whole] & mask);
    }
}
