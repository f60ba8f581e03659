package dev.datadump.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A single IPv4 or IPv6 address or a CIDR range, as listed in an API key's allowed-from list.
 * Only literal addresses are accepted, so parsing never performs a DNS lookup.
 */
public final class AddressRange {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.]+)?");

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Parses {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code 2001:db8::1} or {@code 2001:db8::/32}. */
    public static AddressRange parse(String value) {
        String text = value.trim();
        String addressPart = text;
        Integer prefix = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            addressPart = text.substring(0, slash);
            String prefixPart = text.substring(slash + 1);
            if (!prefixPart.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
            prefix = Integer.parseInt(prefixPart);
        }

        byte[] address = parseLiteral(addressPart, text);
        if (address.length == 4 && addressPart.contains(":")) {
            // Java reads an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) as IPv4, so the prefix
            // counts 96 bits more than the IPv4 range it stands for.
            if (prefix != null && prefix < 96) {
                throw new IllegalArgumentException("prefix length " + prefix + " of the IPv4-mapped range '" + text
                        + "' must be at least 96");
            }
            prefix = prefix == null ? null : prefix - 96;
        }
        int bits = address.length * 8;
        int prefixLength = prefix == null ? bits : prefix;
        if (prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is too long for '" + text
                    + "' (at most " + bits + ")");
        }
        return new AddressRange(mask(address, prefixLength), prefixLength, text);
    }

    /** Parses a comma-separated list; an empty or blank list means "any address" and yields no ranges. */
    public static List<AddressRange> parseList(String list) {
        List<AddressRange> ranges = new ArrayList<>();
        if (list == null) {
            return ranges;
        }
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                ranges.add(parse(item));
            }
        }
        return ranges;
    }

    /** Returns true when the address lies in this range. IPv4-mapped IPv6 addresses match IPv4 ranges. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length == 16 && network.length == 4 && isIpv4Mapped(candidate)) {
            byte[] ipv4 = new byte[4];
            System.arraycopy(candidate, 12, ipv4, 0, 4);
            candidate = ipv4;
        }
        if (candidate.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(candidate, prefixLength), network);
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] parseLiteral(String address, String whole) {
        boolean looksLikeIpv4 = IPV4.matcher(address).matches();
        boolean looksLikeIpv6 = address.contains(":") && IPV6.matcher(address).matches();
        if (!looksLikeIpv4 && !looksLikeIpv6) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4 or IPv6 address or CIDR range");
        }
        if (looksLikeIpv4) {
            for (String part : address.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("'" + whole + "' is not a valid IPv4 address");
                }
            }
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + whole + "' is not a valid IP address", e);
        }
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        int bits = address.length * 8;
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE);
        BigInteger masked = value.andNot(hostMask);
        byte[] raw = masked.toByteArray();
        byte[] result = new byte[address.length];
        int copy = Math.min(raw.length, result.length);
        System.arraycopy(raw, raw.length - copy, result, result.length - copy, copy);
        return result;
    }
}
