package dev.datadump.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C library functions the export needs, bound with JNA. Path arguments are NUL-terminated
 * byte arrays so that file names pass through unchanged, whatever their encoding. Callers read
 * {@code errno} with {@link Native#getLastError()} after a call that returned -1 or null.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    int open(byte[] path, int flags, int mode);

    int openat(int dirfd, byte[] path, int flags, int mode);

    int mkdirat(int dirfd, byte[] path, int mode);

    int fchown(int fd, int uid, int gid);

    int fchmod(int fd, int mode);

    int renameat2(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);

    int linkat(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);

    int unlinkat(int dirfd, byte[] path, int flags);

    int close(int fd);

    long read(int fd, Pointer buffer, long count);

    long write(int fd, Pointer buffer, long count);

    int fsync(int fd);

    long readlinkat(int dirfd, byte[] path, Pointer buffer, long size);

    int statx(int dirfd, byte[] path, int flags, int mask, Pointer buffer);

    Pointer fdopendir(int fd);

    Pointer readdir64(Pointer directory);

    int closedir(Pointer directory);

    int geteuid();

    String strerror(int errno);
}
