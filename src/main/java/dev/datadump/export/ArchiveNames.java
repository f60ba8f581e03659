package dev.datadump.export;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * File names of archives: {@code <loginname>-export_<YYYYMMDDHHmm><suffix>}, where the time
 * is the export's start, and {@code -2}, {@code -3} ... {@code -99} inserted before the
 * suffix when earlier names are taken (several exports in one minute).
 */
public final class ArchiveNames {

    /** Number of names tried before the export gives up. */
    static final int MAX_CANDIDATES = 99;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMddHHmm");

    private ArchiveNames() {
    }

    /**
     * Returns a regular expression that matches the names of a customer's archives and their
     * {@code .sha256} files, as {@link #candidates} makes them, so that later exports leave
     * earlier ones out wherever the customer moved them inside the document root.
     */
    public static String earlierArchivePattern(String loginName) {
        return Pattern.quote(loginName) + "-export_[0-9]{12}(-[0-9]{1,2})?\\.tar\\.gz(\\.gpg)?(\\.sha256)?";
    }

    /** Returns the names to try in order; {@code suffix} is for example ".tar.gz.gpg". */
    public static List<String> candidates(String loginName, ZonedDateTime start, String suffix) {
        String base = loginName + "-export_" + MINUTE.format(start);
        List<String> names = new ArrayList<>(MAX_CANDIDATES);
        names.add(base + suffix);
        for (int number = 2; number <= MAX_CANDIDATES; number++) {
            names.add(base + "-" + number + suffix);
        }
        return names;
    }
}
