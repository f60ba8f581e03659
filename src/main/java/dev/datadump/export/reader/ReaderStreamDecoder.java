package dev.datadump.export.reader;

import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.archive.EntryMetadata;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes a reader's {@link ReaderProtocol} stream and hands each record to a {@link ReaderEntrySink}. */
final class ReaderStreamDecoder {

    /** Paths and link targets longer than this are treated as a corrupt stream (Linux allows 4096). */
    private static final int MAX_PATH_BYTES = 1 << 20;

    private final DataInputStream in;

    ReaderStreamDecoder(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /**
     * Reads records until END and passes them on.
     *
     * @throws EOFException when the stream ends before END (the reader died)
     */
    void decode(ReaderEntrySink sink) throws IOException, ExportCancelledException {
        int root = -1;
        while (true) {
            byte kind = in.readByte();
            switch (kind) {
                case ReaderProtocol.ROOT -> root = in.readInt();
                case ReaderProtocol.DIRECTORY -> sink.directory(root, readBytes(), readMetadata());
                case ReaderProtocol.SYMLINK -> {
                    byte[] path = readBytes();
                    EntryMetadata metadata = readMetadata();
                    sink.symlink(root, path, metadata, readBytes());
                }
                case ReaderProtocol.FILE -> {
                    byte[] path = readBytes();
                    EntryMetadata metadata = readMetadata();
                    long size = in.readLong();
                    String sha256 = sink.file(root, path, metadata, size, in);
                    sink.fileDone(root, path, size, sha256, in.readUTF());
                }
                case ReaderProtocol.SKIPPED -> sink.skipped(root, readBytes(), in.readUTF());
                case ReaderProtocol.EXCLUDED -> sink.excluded(root, readBytes(), in.readUTF());
                case ReaderProtocol.END -> {
                    return;
                }
                default -> throw new IOException("reader stream is corrupt: unknown record type " + kind);
            }
        }
    }

    private EntryMetadata readMetadata() throws IOException {
        int mode = in.readInt();
        int uid = in.readInt();
        int gid = in.readInt();
        long mtime = in.readLong();
        return new EntryMetadata(mode, uid, gid, mtime);
    }

    private byte[] readBytes() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_PATH_BYTES) {
            throw new IOException("reader stream is corrupt: name length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
