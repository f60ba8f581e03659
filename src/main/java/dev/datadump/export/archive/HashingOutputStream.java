package dev.datadump.export.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes bytes through to the downstream stream while counting them and computing their SHA-256. */
public final class HashingOutputStream extends FilterOutputStream {

    private final MessageDigest digest = newSha256();
    private long count;

    public HashingOutputStream(OutputStream downstream) {
        super(downstream);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        digest.update(bytes, offset, length);
        count += length;
    }

    /** Returns the number of bytes written so far. */
    public long count() {
        return count;
    }

    /** Returns the lower-case hex SHA-256 of everything written; call once, after the last write. */
    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Returns a new SHA-256 digest; every Java platform has one. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }
}
