package dev.datadump.export.archive;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportProgress;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The tar stage: writes entries into a tar stream (PAX headers for long names, big sizes and
 * numbers), records each entry and each skipped item in the manifest, and keeps the counters
 * of the job. Not thread-safe; one export uses one writer.
 */
public final class ArchiveWriter implements Closeable {

    /** At most this many skipped items are returned as warnings; the manifest lists all of them. */
    static final int MAX_WARNINGS = 1000;

    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final int BLOCK_SIZE = 64 * 1024;

    private final TarArchiveOutputStream tar;
    private final Manifest manifest;
    private final Cancellation cancellation;
    private final ExportProgress progress;
    private final String jobLabel;
    private final byte[] buffer = new byte[BLOCK_SIZE];
    private final List<String> warnings = new ArrayList<>();
    private long skippedCount;
    private long files;
    private long bytesIn;

    /**
     * Starts a tar stream on {@code downstream} (the compression stage); closing the writer
     * closes it. {@code jobLabel} names the job and customer in log lines.
     */
    public ArchiveWriter(OutputStream downstream, Manifest manifest, Cancellation cancellation,
                         ExportProgress progress, String jobLabel) {
        this.tar = new TarArchiveOutputStream(downstream, StandardCharsets.ISO_8859_1.name());
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.manifest = manifest;
        this.cancellation = cancellation;
        this.progress = progress;
        this.jobLabel = jobLabel;
    }

    /** Adds a directory entry; {@code path} is the archive path without a trailing slash. */
    public void addDirectory(byte[] path, EntryMetadata metadata) throws IOException, ExportCancelledException {
        cancellation.check();
        byte[] name = withTrailingSlash(path);
        TarArchiveEntry entry = TarNames.entry(tar, name, TarConstants.LF_DIR, null);
        applyMetadata(entry, metadata);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        manifest.directory(name);
    }

    /** Adds a symlink entry pointing to {@code target}; the target itself is never read. */
    public void addSymlink(byte[] path, EntryMetadata metadata, byte[] target)
            throws IOException, ExportCancelledException {
        cancellation.check();
        TarArchiveEntry entry = TarNames.entry(tar, path, TarConstants.LF_SYMLINK, target);
        applyMetadata(entry, metadata);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        manifest.symlink(path, target);
    }

    /**
     * Adds a regular file of exactly {@code size} bytes read from {@code content}, checking
     * for a cancel before every block, and records it in the manifest.
     *
     * @throws EOFException when {@code content} ends before {@code size} bytes
     */
    public void addFile(byte[] path, EntryMetadata metadata, long size, InputStream content)
            throws IOException, ExportCancelledException {
        String sha256 = writeFileEntry(path, metadata, size, content);
        manifest.file(path, size, sha256, null);
        countFile(size);
    }

    /**
     * Writes a regular file like {@link #addFile} and returns its SHA-256, without recording it:
     * the caller calls {@link #recordFile} once it knows whether the content is sound.
     */
    public String addFileContent(byte[] path, EntryMetadata metadata, long size, InputStream content)
            throws IOException, ExportCancelledException {
        return writeFileEntry(path, metadata, size, content);
    }

    /** Records a file written with {@link #addFileContent} in the manifest, with an optional note. */
    public void recordFile(byte[] path, long size, String sha256, String note) throws IOException {
        manifest.file(path, size, sha256, note);
        if (note != null) {
            warn(path, note);
        }
        countFile(size);
    }

    /** Records an item that is not in the archive, with the reason; logged at WARN and returned as a warning. */
    public void skip(byte[] path, String reason) throws IOException {
        manifest.skipped(path, reason);
        warn(path, "skipped: " + reason);
    }

    /** Records an item left out on purpose (the job's own destination); not a warning. */
    public void exclude(byte[] path, String reason) throws IOException {
        manifest.excluded(path, reason);
    }

    /**
     * Closes the manifest, adds it as the archive's last entry and finishes the tar stream.
     * The writer must still be closed afterwards.
     */
    public void finish(int uid, int gid, long mtimeSeconds) throws IOException, ExportCancelledException {
        manifest.close();
        long size = Files.size(manifest.file());
        try (InputStream content = Files.newInputStream(manifest.file())) {
            writeFileEntry(Manifest.ENTRY_NAME.getBytes(StandardCharsets.US_ASCII),
                    EntryMetadata.generatedFile(uid, gid, mtimeSeconds), size, content);
        }
        tar.finish();
    }

    public List<String> warnings() {
        List<String> result = new ArrayList<>(warnings);
        if (skippedCount > warnings.size()) {
            result.add((skippedCount - warnings.size()) + " more warnings; " + Manifest.ENTRY_NAME
                    + " in the archive lists every skipped item");
        }
        return result;
    }

    public long files() {
        return files;
    }

    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public void close() throws IOException {
        try {
            manifest.close();
        } finally {
            tar.close();
        }
    }

    private String writeFileEntry(byte[] path, EntryMetadata metadata, long size, InputStream content)
            throws IOException, ExportCancelledException {
        TarArchiveEntry entry = TarNames.entry(tar, path, TarConstants.LF_NORMAL, null);
        applyMetadata(entry, metadata);
        entry.setSize(size);
        tar.putArchiveEntry(entry);

        MessageDigest digest = HashingOutputStream.newSha256();
        long remaining = size;
        while (remaining > 0) {
            cancellation.check();
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new EOFException("input of " + new String(path, StandardCharsets.UTF_8)
                        + " ended " + remaining + " bytes before its announced size of " + size);
            }
            tar.write(buffer, 0, read);
            digest.update(buffer, 0, read);
            remaining -= read;
            bytesIn += read;
        }

        tar.closeArchiveEntry();
        return HexFormat.of().formatHex(digest.digest());
    }

    private void countFile(long size) {
        files++;
        progress.update(bytesIn, files);
    }

    private void warn(byte[] path, String message) {
        String printable = ManifestEncoding.encode(path);
        log.warn("{}: {}: {}", jobLabel, printable, message);
        skippedCount++;
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(printable + ": " + message);
        }
    }

    private static void applyMetadata(TarArchiveEntry entry, EntryMetadata metadata) {
        entry.setMode(metadata.mode());
        entry.setUserId(metadata.uid());
        entry.setGroupId(metadata.gid());
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.fromMillis(metadata.mtimeSeconds() * 1000));
    }

    private static byte[] withTrailingSlash(byte[] path) {
        byte[] name = java.util.Arrays.copyOf(path, path.length + 1);
        name[path.length] = '/';
        return name;
    }
}
