package dev.datadump.posix;

/**
 * Metadata of one file as {@code statx} returned it. {@code mode} contains the file type bits and
 * the permission bits; {@code mtimeSeconds} is seconds since the epoch.
 */
public record FileStatus(int mode, int uid, int gid, long size, long mtimeSeconds) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isSymbolicLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** Returns the permission bits, including set-uid, set-gid and sticky. */
    public int permissions() {
        return mode & 07777;
    }

    /** Returns a short name of the file type for messages: "FIFO", "character device" and so on. */
    public String typeName() {
        return switch (mode & S_IFMT) {
            case S_IFREG -> "regular file";
            case S_IFDIR -> "directory";
            case S_IFLNK -> "symbolic link";
            case S_IFCHR -> "character device";
            case S_IFBLK -> "block device";
            case S_IFIFO -> "FIFO";
            case S_IFSOCK -> "socket";
            default -> "file of unknown type";
        };
    }
}
