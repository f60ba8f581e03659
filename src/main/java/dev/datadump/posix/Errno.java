package dev.datadump.posix;

/** Linux {@code errno} values the export branches on (the same on x86-64 and AArch64). */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ELOOP = 40;
    public static final int EDQUOT = 122;

    private Errno() {
    }

    /** Returns true for the errors that mean the file system is full (no space or quota exceeded). */
    public static boolean isOutOfSpace(int errno) {
        return errno == ENOSPC || errno == EDQUOT;
    }
}
