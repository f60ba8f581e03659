package dev.datadump.worker;

import java.util.Locale;

/** Human-readable byte counts and rates for log lines and summaries. */
public final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /** Formats a byte count with a binary unit, such as {@code 1.5 MiB}. */
    public static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** Formats the rate of {@code bytes} over {@code millis}, such as {@code 12.0 MiB/s}. */
    public static String rate(long bytes, long millis) {
        return bytes(millis <= 0 ? bytes : bytes * 1000 / millis) + "/s";
    }

    /** Formats milliseconds as seconds with one decimal, such as {@code 2.5 s}. */
    public static String duration(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
