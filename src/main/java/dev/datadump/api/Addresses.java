package dev.datadump.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/** Formats IP addresses for messages and logs, IPv6 in the short form of RFC 5952 ({@code ::1}). */
public final class Addresses {

    private Addresses() {
    }

    /** Returns the address as text: IPv4 dotted, IPv6 with the longest run of zero groups as {@code ::}. */
    public static String format(InetAddress address) {
        String text = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return text;
        }
        String scope = "";
        int percent = text.indexOf('%');
        if (percent >= 0) {
            scope = text.substring(percent);
            text = text.substring(0, percent);
        }

        String[] groups = text.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; i++) {
            int length = 0;
            while (i + length < groups.length && groups[i + length].equals("0")) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        if (bestStart < 0) {
            return text + scope;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail + scope;
    }
}
