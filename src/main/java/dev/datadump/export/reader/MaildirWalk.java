package dev.datadump.export.reader;

import dev.datadump.posix.Errno;
import dev.datadump.posix.FileStatus;
import dev.datadump.posix.Posix;
import dev.datadump.posix.PosixException;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens a maildir by walking its path from {@code /} one component at a time with
 * {@code openat(O_NOFOLLOW|O_DIRECTORY)}, so a symbolic link anywhere in the path stops the walk
 * instead of redirecting it. Every component from the mail home down must also be owned by root
 * or by the uid the maildir is read with, so no other user can swap a directory of their own
 * into the path.
 *
 * <p>The engine walks the path as root to learn the maildir's owner. The reader, running as
 * that owner, walks it again and reads from the descriptor it opened, so a path changed between
 * the two walks is either rejected or leads only to directories of root or of that owner.
 */
public final class MaildirWalk {

    /** Passed as the expected owner: the components must belong to root or to the maildir's own owner. */
    public static final int OWNER_OF_MAILDIR = -1;

    private static final int DIRECTORY_FLAGS = Posix.O_RDONLY | Posix.O_DIRECTORY | Posix.O_NOFOLLOW;

    private MaildirWalk() {
    }

    /** An open maildir: {@code fd} is its descriptor, which the caller closes, and {@code status} its metadata. */
    public record Opened(int fd, FileStatus status) {
    }

    /**
     * Opens {@code maildir} (relative, without {@code .} or {@code ..} segments) inside the
     * absolute {@code mailHome}. The mail home and every component below it must be owned by root
     * or by {@code ownerUid}, or by the maildir's owner when that is {@link #OWNER_OF_MAILDIR}.
     *
     * @throws MaildirRejectedException when a component is a symbolic link, not a directory, missing,
     *                                  cannot be opened, or is owned by another user
     */
    public static Opened open(String mailHome, String maildir, int ownerUid) throws MaildirRejectedException {
        List<String> homeComponents = components(mailHome, "mail home " + mailHome);
        List<String> maildirComponents = components(maildir, "maildir " + maildir);
        if (maildirComponents.isEmpty()) {
            throw new MaildirRejectedException("the maildir path is empty; fix the mail account's maildir");
        }
        if (!mailHome.startsWith("/")) {
            throw new MaildirRejectedException("the mail home " + mailHome + " is not an absolute path; "
                    + "fix the mail account's home directory");
        }
        List<String> all = new ArrayList<>(homeComponents);
        all.addAll(maildirComponents);

        int fd;
        try {
            fd = Posix.open("/", DIRECTORY_FLAGS);
        } catch (PosixException e) {
            throw new MaildirRejectedException("cannot open /: " + e.getMessage());
        }
        List<String> checkedPaths = new ArrayList<>();
        List<FileStatus> checkedStatuses = new ArrayList<>();
        StringBuilder reached = new StringBuilder();
        try {
            for (int i = 0; i < all.size(); i++) {
                reached.append('/').append(all.get(i));
                int next = openComponent(fd, all.get(i), reached.toString());
                Posix.closeQuietly(fd);
                fd = next;
                if (i >= homeComponents.size() - 1) {
                    checkedPaths.add(reached.toString());
                    checkedStatuses.add(Posix.fstat(fd, reached.toString()));
                }
            }
        } catch (PosixException e) {
            Posix.closeQuietly(fd);
            throw new MaildirRejectedException("cannot inspect " + reached + ": " + e.getMessage());
        } catch (MaildirRejectedException | RuntimeException e) {
            Posix.closeQuietly(fd);
            throw e;
        }

        FileStatus status = checkedStatuses.get(checkedStatuses.size() - 1);
        int expected = ownerUid == OWNER_OF_MAILDIR ? status.uid() : ownerUid;
        for (int i = 0; i < checkedStatuses.size(); i++) {
            int uid = checkedStatuses.get(i).uid();
            if (uid != 0 && uid != expected) {
                Posix.closeQuietly(fd);
                throw new MaildirRejectedException(checkedPaths.get(i) + " is owned by uid " + uid
                        + ", but the mail home and everything below it down to the maildir must be owned by root or "
                        + "by the maildir's owner (uid " + expected + "); fix the owners or the mail account");
            }
        }
        return new Opened(fd, status);
    }

    private static int openComponent(int parent, String name, String reached) throws MaildirRejectedException {
        try {
            return Posix.openAt(parent, Posix.path(name), DIRECTORY_FLAGS, 0, reached);
        } catch (PosixException e) {
            throw new MaildirRejectedException(describeFailure(parent, name, reached, e));
        }
    }

    private static String describeFailure(int parent, String name, String reached, PosixException e) {
        return switch (e.errno()) {
            case Errno.ELOOP -> reached + " is a symbolic link; maildirs are read only through paths without "
                    + "symbolic links";
            case Errno.ENOTDIR -> isSymbolicLink(parent, name, reached)
                    ? reached + " is a symbolic link; maildirs are read only through paths without symbolic links"
                    : reached + " is not a directory";
            case Errno.ENOENT -> reached + " does not exist";
            case Errno.EACCES, Errno.EPERM -> "permission denied on " + reached;
            default -> "cannot open " + reached + ": " + e.getMessage();
        };
    }

    private static boolean isSymbolicLink(int parent, String name, String reached) {
        try {
            return Posix.lstatAt(parent, Posix.path(name), reached).isSymbolicLink();
        } catch (PosixException e) {
            return false;
        }
    }

    /** Splits a path into its non-empty components, rejecting {@code .} and {@code ..}. */
    private static List<String> components(String path, String description) throws MaildirRejectedException {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.equals(".") || component.equals("..")) {
                throw new MaildirRejectedException("the " + description + " contains a '" + component
                        + "' segment; fix the mail account");
            }
            if (!component.isEmpty()) {
                components.add(component);
            }
        }
        return components;
    }
}
