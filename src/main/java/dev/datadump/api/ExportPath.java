package dev.datadump.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code path} of DataDump.add: a folder relative to the customer's document root.
 * Leading, trailing and repeated slashes and {@code .} segments are dropped; anything else
 * that is odd is rejected, never rewritten.
 */
final class ExportPath {

    /** Maximum length of the normalised path in characters. */
    static final int MAX_LENGTH = 1024;

    /** Maximum length of one path segment in UTF-8 bytes, the NAME_MAX of common Linux file systems. */
    static final int MAX_SEGMENT_BYTES = 255;

    private ExportPath() {
    }

    /**
     * Returns the normalised relative path, such as {@code exports/2026}.
     *
     * @throws ApiException 400 naming the reason: control characters, {@code ..} segments, the
     *                      document root itself, or a path or segment that is too long
     */
    static String normalise(String path) {
        if (path.chars().anyMatch(ExportPath::isControlCharacter)) {
            throw ApiException.badRequest("invalid path: it contains control characters (such as NUL, newline, "
                    + "line separators or text-direction marks)");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(path)) {
            throw ApiException.badRequest("invalid path: it is not valid Unicode (it contains a lone surrogate)");
        }

        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw ApiException.badRequest("invalid path '" + path + "': '..' segments are not allowed; "
                        + "give a folder inside the document root");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw ApiException.badRequest("invalid path: a folder name is longer than " + MAX_SEGMENT_BYTES
                        + " bytes");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }

        if (segments.isEmpty()) {
            throw ApiException.badRequest("invalid path '" + path + "': it is the document root itself; "
                    + "name a folder inside it, such as 'exports'");
        }
        String normalised = String.join("/", segments);
        if (normalised.length() > MAX_LENGTH) {
            throw ApiException.badRequest("invalid path: it is " + normalised.length() + " characters long, at most "
                    + MAX_LENGTH + " are allowed");
        }
        return normalised;
    }

    /**
     * Returns true for C0 and C1 control characters, DEL, the Unicode line and paragraph
     * separators and the bidirectional formatting characters, which can make a folder name
     * display as a different one.
     */
    private static boolean isControlCharacter(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x2028 || c == 0x2029
                || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /** Returns the absolute destination directory, with a trailing slash, of a normalised path. */
    static String destination(String documentRoot, String normalisedPath) {
        String root = documentRoot.endsWith("/") ? documentRoot.substring(0, documentRoot.length() - 1) : documentRoot;
        return root + "/" + normalisedPath + "/";
    }
}
