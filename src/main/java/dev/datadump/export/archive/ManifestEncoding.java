package dev.datadump.export.archive;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of manifest fields: the bytes 0x00-0x1F, 0x7F, '%' and every byte from 0x80
 * up are written as {@code %HH} (upper-case hex), every other byte as itself. A field therefore
 * never contains a tab or a newline, and any byte string, valid UTF-8 or not, survives.
 */
public final class ManifestEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ManifestEncoding() {
    }

    /** Encodes raw bytes as one manifest field. */
    public static String encode(byte[] raw) {
        StringBuilder field = new StringBuilder(raw.length + 8);
        for (byte b : raw) {
            int value = b & 0xff;
            if (value < 0x20 || value == 0x7f || value == '%' || value >= 0x80) {
                field.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
            } else {
                field.append((char) value);
            }
        }
        return field.toString();
    }

    /** Encodes text (as UTF-8) as one manifest field. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }
}
