package dev.datadump.export.reader;

import java.util.List;

/**
 * A tree a reader walks. A plain root is opened by its path, which must not be a symbolic link
 * itself. A maildir root is reached with {@link MaildirWalk}: no component of its path may be a
 * symbolic link, and the mail home and everything below it must be owned by root or by the
 * reader's uid.
 */
public record ReaderRoot(String path, String mailHome, String maildir) {

    /** Returns a plain root at the absolute, normalised {@code path}. */
    public static ReaderRoot tree(String path) {
        return new ReaderRoot(path, null, null);
    }

    /** Returns the maildir root {@code maildir} (relative, normalised) inside the absolute {@code mailHome}. */
    public static ReaderRoot maildir(String mailHome, String maildir) {
        String home = mailHome.endsWith("/") ? mailHome : mailHome + "/";
        return new ReaderRoot(home + maildir, mailHome, maildir);
    }

    /** Returns true for a root reached with {@link MaildirWalk}. */
    public boolean isMaildir() {
        return mailHome != null;
    }

    /** Returns the reader's command-line arguments that name this root. */
    List<String> arguments() {
        return isMaildir() ? List.of(ReaderMain.MAILDIR_OPTION, mailHome, maildir) : List.of(ReaderMain.ROOT_OPTION, path);
    }

    @Override
    public String toString() {
        return path;
    }
}
