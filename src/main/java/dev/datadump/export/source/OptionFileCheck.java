package dev.datadump.export.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks a database server's MySQL option file before the dump tool, running as root, reads
 * it. Besides credentials, such a file can carry options of the dump tool itself (a
 * {@code result-file} in a {@code [mysqldump]} group, say). Anyone who may change it could
 * therefore make root write files or load code of their choice.
 */
public final class OptionFileCheck {

    private OptionFileCheck() {
    }

    /**
     * Returns null when the file is safe to pass to the dump tool, else the reason, naming the
     * path and what to do. Safe means a regular file owned by root (or by the service's user)
     * that only its owner may read or change, in a folder that only that user may change or
     * that is sticky, such as /tmp.
     */
    public static String problem(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return "option file " + absolute + " not found; create it (mode 0600, owned by root)";
        }
        if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return "option file " + absolute + " is not a regular file (a symbolic link or a folder); "
                    + "give the path of the file itself";
        }
        String fileProblem = ownerProblem(absolute, self, 0077, "file", "chmod 600");
        if (fileProblem != null) {
            return fileProblem;
        }
        return ownerProblem(absolute.getParent(), self, 0022, "folder", "chmod go-w");
    }

    private static String ownerProblem(Path path, int self, int forbiddenBits, String kind, String fix)
            throws IOException {
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        if (owner != 0 && owner != self) {
            return "option " + kind + " " + path + " is owned by uid " + owner + ", but the dump tool runs as root "
                    + "and reads it; make it owned by root (chown root)";
        }
        boolean sticky = (mode & 01000) != 0;
        if (kind.equals("folder") && sticky) {
            // In a sticky folder such as /tmp, others may not rename or remove root's file.
            return null;
        }
        if ((mode & forbiddenBits) != 0) {
            return "option " + kind + " " + path + " has mode " + String.format("%04o", mode)
                    + ", so other users may " + (kind.equals("file") ? "read or change it" : "replace the file in it")
                    + "; restrict it (" + fix + ")";
        }
        return null;
    }
}
