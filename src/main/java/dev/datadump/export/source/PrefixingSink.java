package dev.datadump.export.source;

import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.archive.EntryMetadata;
import dev.datadump.export.reader.ReaderEntrySink;
import dev.datadump.export.reader.ReaderIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes what a reader sends into the archive, under the archive folder given for each root.
 * The set-uid (set-gid) bit is kept only on entries owned by the reader's own uid (gid), so a
 * tampered reader cannot put a set-uid file of another user, root included, into an archive.
 */
final class PrefixingSink implements ReaderEntrySink {

    private static final int SET_UID = 04000;
    private static final int SET_GID = 02000;

    private final ArchiveWriter writer;
    private final ReaderIdentity identity;
    private final List<byte[]> prefixes;

    /** Creates a sink; {@code prefixes.get(i)} is the archive folder (no trailing slash) of root {@code i}. */
    PrefixingSink(ArchiveWriter writer, ReaderIdentity identity, List<String> prefixes) {
        this.writer = writer;
        this.identity = identity;
        this.prefixes = prefixes.stream().map(prefix -> prefix.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void directory(int root, byte[] path, EntryMetadata metadata) throws IOException, ExportCancelledException {
        writer.addDirectory(archivePath(root, path), sanitize(metadata));
    }

    @Override
    public void symlink(int root, byte[] path, EntryMetadata metadata, byte[] target)
            throws IOException, ExportCancelledException {
        writer.addSymlink(archivePath(root, path), sanitize(metadata), target);
    }

    @Override
    public String file(int root, byte[] path, EntryMetadata metadata, long size, InputStream content)
            throws IOException, ExportCancelledException {
        return writer.addFileContent(archivePath(root, path), sanitize(metadata), size, content);
    }

    @Override
    public void fileDone(int root, byte[] path, long size, String sha256, String note) throws IOException {
        writer.recordFile(archivePath(root, path), size, sha256, note.isEmpty() ? null : note);
    }

    @Override
    public void skipped(int root, byte[] path, String reason) throws IOException {
        writer.skip(archivePath(root, path), reason);
    }

    @Override
    public void excluded(int root, byte[] path, String reason) throws IOException {
        writer.exclude(archivePath(root, path), reason);
    }

    private EntryMetadata sanitize(EntryMetadata metadata) {
        int mode = metadata.mode();
        if (metadata.uid() != identity.uid()) {
            mode &= ~SET_UID;
        }
        if (metadata.gid() != identity.gid()) {
            mode &= ~SET_GID;
        }
        return new EntryMetadata(mode, metadata.uid(), metadata.gid(), metadata.mtimeSeconds());
    }

    /**
     * Rejects a path that could escape its archive folder. The reader runs with the customer's
     * identity, so the customer may be able to tamper with it; its stream is not trusted.
     */
    private static void checkRelative(byte[] path) throws IOException {
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                int length = i - start;
                boolean dot = length == 1 && path[start] == '.';
                boolean dotDot = length == 2 && path[start] == '.' && path[start + 1] == '.';
                if (length == 0 || dot || dotDot) {
                    throw new IOException("reader stream is corrupt: path with an empty, '.' or '..' segment");
                }
                start = i + 1;
            }
            if (i < path.length && path[i] == 0) {
                throw new IOException("reader stream is corrupt: path with a NUL byte");
            }
        }
    }

    private byte[] archivePath(int root, byte[] path) throws IOException {
        if (root < 0 || root >= prefixes.size()) {
            throw new IOException("reader stream is corrupt: unknown root " + root);
        }
        byte[] prefix = prefixes.get(root);
        if (path.length == 0) {
            return prefix;
        }
        checkRelative(path);
        byte[] joined = Arrays.copyOf(prefix, prefix.length + 1 + path.length);
        joined[prefix.length] = '/';
        System.arraycopy(path, 0, joined, prefix.length + 1, path.length);
        return joined;
    }
}
