package dev.datadump.cli;

import java.util.regex.Pattern;

/** Checks of names and paths given on the command line. */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private Names() {
    }

    /** Returns the trimmed name, or throws a usage error when it is not 1-128 letters, digits, '.', '_', '@', '-'. */
    static String requireName(String label, String value) {
        String trimmed = value == null ? "" : value.trim();
        if (!NAME.matcher(trimmed).matches()) {
            throw new UsageException("invalid " + label + " '" + value
                    + "': use 1 to 128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return trimmed;
    }

    /** Returns the normalised absolute path, or throws a usage error when it is relative or has '..'. */
    static String requireAbsolutePath(String label, String value) {
        String trimmed = value == null ? "" : value.trim();
        if (!trimmed.startsWith("/")) {
            throw new UsageException("invalid " + label + " '" + value + "': give an absolute path");
        }
        if (hasDotDotOrControl(trimmed)) {
            throw new UsageException("invalid " + label + " '" + value + "': '..' segments and control characters are not allowed");
        }
        String normalised = trimmed.replaceAll("/+", "/");
        return normalised.length() > 1 && normalised.endsWith("/")
                ? normalised.substring(0, normalised.length() - 1) : normalised;
    }

    /** Returns the normalised relative path, or throws a usage error when it is absolute, empty or has '..'. */
    static String requireRelativePath(String label, String value) {
        String trimmed = value == null ? "" : value.trim().replaceAll("/+", "/").replaceAll("^/|/$", "");
        if (trimmed.isEmpty() || hasDotDotOrControl(trimmed)) {
            throw new UsageException("invalid " + label + " '" + value
                    + "': give a non-empty relative path without '..' segments or control characters");
        }
        return trimmed;
    }

    private static boolean hasDotDotOrControl(String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return path.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
