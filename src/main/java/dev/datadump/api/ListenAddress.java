package dev.datadump.api;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a listen address: {@code HOST:PORT}, with IPv6 literals in brackets ({@code [::1]:8080}). */
public final class ListenAddress {

    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.%\\w]+]|[^:\\[\\]]+):(\\d{1,5})");

    private ListenAddress() {
    }

    /**
     * Returns the socket address; a host name is resolved once here.
     *
     * @throws IllegalArgumentException naming the value when it is not HOST:PORT with a port of 0-65535
     */
    public static InetSocketAddress parse(String value) {
        String text = value == null ? "" : value.trim();
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("invalid listen address '" + value
                    + "': use HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080");
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port > 65535) {
            throw new IllegalArgumentException("invalid port " + port + " in listen address '" + value + "'");
        }
        String host = matcher.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "' of listen address '" + value + "'");
        }
        return address;
    }

    /** Formats an address as HOST:PORT, with IPv6 literals in brackets. */
    public static String format(InetSocketAddress address) {
        String host = Addresses.format(address.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
