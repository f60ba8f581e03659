package dev.datadump.export.reader;

/**
 * The stream a reader process writes to its standard output, all numbers big-endian
 * ({@link java.io.DataOutputStream}). A byte string is an int length and the bytes; paths are
 * relative to the current root, raw bytes, "" for the root itself. Metadata is mode, uid, gid
 * (ints) and mtime in seconds (long).
 * <pre>
 * ROOT      index:int                                       a new root begins
 * DIRECTORY path metadata
 * SYMLINK   path metadata target:bytes
 * FILE      path metadata size:long, exactly size content bytes, note:UTF ("" when the content is sound)
 * SKIPPED   path reason:UTF
 * EXCLUDED  path reason:UTF
 * END                                                       the last record
 * </pre>
 */
final class ReaderProtocol {

    static final byte ROOT = 'R';
    static final byte DIRECTORY = 'D';
    static final byte SYMLINK = 'L';
    static final byte FILE = 'F';
    static final byte SKIPPED = 'S';
    static final byte EXCLUDED = 'X';
    static final byte END = 'E';

    private ReaderProtocol() {
    }
}
