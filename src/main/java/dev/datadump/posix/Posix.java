package dev.datadump.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thin, checked wrappers around the Linux system calls that let the export work on file
 * descriptors instead of path names, so that a symlink swapped into a path cannot redirect a
 * write. Every method throws {@link PosixException} with the failed call, the name and the
 * system's error text. Linux on x86-64 and AArch64 only.
 */
public final class Posix {

    public static final int AT_FDCWD = -100;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_DIRECTORY;
    public static final int O_NOFOLLOW;

    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int RENAME_NOREPLACE = 1;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int STATX_SIZE = 256;
    private static final byte[] EMPTY_PATH = {0};

    static {
        if (Platform.isLinux() && Platform.isIntel() && Platform.is64Bit()) {
            O_DIRECTORY = 0200000;
            O_NOFOLLOW = 0400000;
        } else if (Platform.isLinux() && Platform.isARM() && Platform.is64Bit()) {
            O_DIRECTORY = 040000;
            O_NOFOLLOW = 0100000;
        } else {
            throw new ExceptionInInitializerError("the export engine supports Linux on x86-64 and AArch64 only, not "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
    }

    private Posix() {
    }

    /** Returns the NUL-terminated bytes of a path given as text (UTF-8). */
    public static byte[] path(String name) {
        return terminated(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a copy of {@code name} with a terminating NUL byte, as the C calls expect. */
    public static byte[] terminated(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    /** Opens a path relative to the current directory; see {@link #openAt}. */
    public static int open(String path, int flags) throws PosixException {
        return openAt(AT_FDCWD, path(path), flags, 0, path);
    }

    /**
     * Opens {@code name} relative to the directory {@code dirfd} and returns the new descriptor,
     * which the caller closes. {@code O_CLOEXEC} is always added.
     */
    public static int openAt(int dirfd, byte[] name, int flags, int mode, String nameForMessages) throws PosixException {
        int fd = LibC.INSTANCE.openat(dirfd, name, flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw failure("open", nameForMessages);
        }
        return fd;
    }

    /** Creates the directory {@code name} in {@code dirfd}; never follows a symlink at that name. */
    public static void mkdirAt(int dirfd, byte[] name, int mode, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.mkdirat(dirfd, name, mode) != 0) {
            throw failure("mkdir", nameForMessages);
        }
    }

    /** Changes the owner of the open file {@code fd}. */
    public static void fchown(int fd, int uid, int gid, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.fchown(fd, uid, gid) != 0) {
            throw failure("chown", nameForMessages);
        }
    }

    /** Changes the permission bits of the open file {@code fd}. */
    public static void fchmod(int fd, int mode, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.fchmod(fd, mode) != 0) {
            throw failure("chmod", nameForMessages);
        }
    }

    /**
     * Renames {@code oldName} in {@code oldDirfd} to {@code newName} in {@code newDirfd}, failing
     * with {@code EEXIST} instead of replacing an existing name, and with {@code EXDEV} when the
     * two directories are on different file systems.
     */
    public static void renameNoReplace(int oldDirfd, byte[] oldName, int newDirfd, byte[] newName,
                                       String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.renameat2(oldDirfd, oldName, newDirfd, newName, RENAME_NOREPLACE) != 0) {
            throw failure("rename", nameForMessages);
        }
    }

    /** Creates the hard link {@code newName} to {@code oldName}, failing with {@code EEXIST} if it exists. */
    public static void linkAt(int oldDirfd, byte[] oldName, int newDirfd, byte[] newName,
                              String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.linkat(oldDirfd, oldName, newDirfd, newName, 0) != 0) {
            throw failure("link", nameForMessages);
        }
    }

    /** Removes the name {@code name} (never what a symlink there points to) from {@code dirfd}. */
    public static void unlinkAt(int dirfd, byte[] name, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.unlinkat(dirfd, name, 0) != 0) {
            throw failure("unlink", nameForMessages);
        }
    }

    /** Removes the empty directory {@code name} from {@code dirfd}. */
    public static void rmdirAt(int dirfd, byte[] name, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.unlinkat(dirfd, name, AT_REMOVEDIR) != 0) {
            throw failure("rmdir", nameForMessages);
        }
    }

    /** Closes {@code fd}, ignoring a negative one; errors are ignored since nothing was written through it. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
        }
    }

    /**
     * Reads up to {@code count} bytes into {@code buffer} and returns how many were read; 0 at the
     * end of the file. Retries on {@code EINTR}.
     */
    public static int read(int fd, Memory buffer, int count, String nameForMessages) throws PosixException {
        while (true) {
            long read = LibC.INSTANCE.read(fd, buffer, Math.min(count, buffer.size()));
            if (read >= 0) {
                return (int) read;
            }
            if (Native.getLastError() != Errno.EINTR) {
                throw failure("read", nameForMessages);
            }
        }
    }

    /** Writes all {@code count} bytes of {@code buffer} to {@code fd}. */
    public static void writeFully(int fd, Memory buffer, int count, String nameForMessages) throws PosixException {
        long offset = 0;
        while (offset < count) {
            long written = LibC.INSTANCE.write(fd, buffer.share(offset), count - offset);
            if (written < 0) {
                if (Native.getLastError() == Errno.EINTR) {
                    continue;
                }
                throw failure("write", nameForMessages);
            }
            offset += written;
        }
    }

    /** Flushes the file's data to its device. */
    public static void fsync(int fd, String nameForMessages) throws PosixException {
        if (LibC.INSTANCE.fsync(fd) != 0) {
            throw failure("fsync", nameForMessages);
        }
    }

    /** Returns the effective uid of this process. */
    public static int effectiveUid() {
        return LibC.INSTANCE.geteuid();
    }

    /** Returns the metadata of the open file {@code fd}. */
    public static FileStatus fstat(int fd, String nameForMessages) throws PosixException {
        return statx(fd, EMPTY_PATH, AT_EMPTY_PATH, nameForMessages);
    }

    /** Returns the metadata of {@code name} in {@code dirfd}; a symlink is described, not followed. */
    public static FileStatus lstatAt(int dirfd, byte[] name, String nameForMessages) throws PosixException {
        return statx(dirfd, name, AT_SYMLINK_NOFOLLOW, nameForMessages);
    }

    private static FileStatus statx(int dirfd, byte[] name, int flags, String nameForMessages) throws PosixException {
        try (Memory buffer = new Memory(STATX_SIZE)) {
            buffer.clear();
            if (LibC.INSTANCE.statx(dirfd, name, flags, STATX_BASIC_STATS, buffer) != 0) {
                throw failure("stat", nameForMessages);
            }
            // Offsets of struct statx (linux/stat.h), the same on every architecture.
            int uid = buffer.getInt(20);
            int gid = buffer.getInt(24);
            int mode = buffer.getShort(28) & 0xffff;
            long size = buffer.getLong(40);
            long mtimeSeconds = buffer.getLong(112);
            return new FileStatus(mode, uid, gid, size, mtimeSeconds);
        }
    }

    /** Returns the target of the symlink {@code name} in {@code dirfd}, as raw bytes. */
    public static byte[] readLinkAt(int dirfd, byte[] name, String nameForMessages) throws PosixException {
        int size = 4096;
        try (Memory buffer = new Memory(size)) {
            long length = LibC.INSTANCE.readlinkat(dirfd, name, buffer, size);
            if (length < 0) {
                throw failure("readlink", nameForMessages);
            }
            return buffer.getByteArray(0, (int) length);
        }
    }

    /**
     * Returns the names in the open directory {@code dirfd} except "." and "..", in the order the
     * file system returns them. Takes ownership of {@code dirfd}: it is closed on return.
     */
    public static List<byte[]> listAndClose(int dirfd, String nameForMessages) throws PosixException {
        Pointer directory = LibC.INSTANCE.fdopendir(dirfd);
        if (directory == null) {
            PosixException failure = failure("opendir", nameForMessages);
            closeQuietly(dirfd);
            throw failure;
        }
        try {
            List<byte[]> names = new ArrayList<>();
            while (true) {
                Native.setLastError(0);
                Pointer entry = LibC.INSTANCE.readdir64(directory);
                if (entry == null) {
                    if (Native.getLastError() != 0) {
                        throw failure("readdir", nameForMessages);
                    }
                    return names;
                }
                // struct dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                byte[] name = readCString(entry, 19);
                if (!isDotOrDotDot(name)) {
                    names.add(name);
                }
            }
        } finally {
            LibC.INSTANCE.closedir(directory);
        }
    }

    private static byte[] readCString(Pointer pointer, long offset) {
        int length = 0;
        while (pointer.getByte(offset + length) != 0) {
            length++;
        }
        return pointer.getByteArray(offset, length);
    }

    private static boolean isDotOrDotDot(byte[] name) {
        return (name.length == 1 && name[0] == '.') || (name.length == 2 && name[0] == '.' && name[1] == '.');
    }

    private static PosixException failure(String call, String name) {
        int errno = Native.getLastError();
        return new PosixException(call + " " + name + ": " + LibC.INSTANCE.strerror(errno), errno);
    }
}
