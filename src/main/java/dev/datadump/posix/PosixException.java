package dev.datadump.posix;

import java.io.IOException;

/** A failed system call: {@link #errno()} is the C {@code errno} it returned. */
public class PosixException extends IOException {

    private final int errno;

    public PosixException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
