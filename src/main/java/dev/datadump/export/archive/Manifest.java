package dev.datadump.export.archive;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The archive's manifest, spooled line by line to a file in staging so that memory stays flat
 * however many entries the archive has. It becomes the archive's last entry, because sizes and
 * hashes are only known once each entry has been streamed. Format: docs/archive-format.md.
 */
public final class Manifest implements Closeable {

    /** Name of the manifest entry inside the archive. */
    public static final String ENTRY_NAME = "MANIFEST.tsv";

    static final String HEADER = "#datadump-manifest\t1\n";

    private final Path path;
    private final OutputStream file;
    private final BufferedWriter writer;

    /** Creates the spool file {@code file}, which must not exist yet. */
    public Manifest(Path file) throws IOException {
        this.path = file;
        this.file = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.writer = new BufferedWriter(new OutputStreamWriter(this.file, StandardCharsets.US_ASCII));
        writer.write(HEADER);
    }

    public void file(byte[] path, long size, String sha256, String note) throws IOException {
        line("file", Long.toString(size), sha256, ManifestEncoding.encode(path), note == null ? "-" : ManifestEncoding.encode(note));
    }

    public void directory(byte[] path) throws IOException {
        line("dir", "-", "-", ManifestEncoding.encode(path), "-");
    }

    public void symlink(byte[] path, byte[] target) throws IOException {
        line("symlink", "-", "-", ManifestEncoding.encode(path), ManifestEncoding.encode(target));
    }

    public void skipped(byte[] path, String reason) throws IOException {
        line("skipped", "-", "-", ManifestEncoding.encode(path), ManifestEncoding.encode(reason));
    }

    public void excluded(byte[] path, String reason) throws IOException {
        line("excluded", "-", "-", ManifestEncoding.encode(path), ManifestEncoding.encode(reason));
    }

    /** Returns the spool file; complete only after {@link #close()}. */
    public Path file() {
        return path;
    }

    /** Flushes and closes the spool file; the file is closed even when the flush fails. */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            file.close();
        }
    }

    private void line(String kind, String size, String sha256, String path, String detail) throws IOException {
        writer.write(kind);
        writer.write('\t');
        writer.write(size);
        writer.write('\t');
        writer.write(sha256);
        writer.write('\t');
        writer.write(path);
        writer.write('\t');
        writer.write(detail);
        writer.write('\n');
    }
}
