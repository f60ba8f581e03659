package dev.datadump.export.reader;

import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.archive.EntryMetadata;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries a reader process sends, with paths relative to the root {@code root}. */
public interface ReaderEntrySink {

    void directory(int root, byte[] path, EntryMetadata metadata) throws IOException, ExportCancelledException;

    void symlink(int root, byte[] path, EntryMetadata metadata, byte[] target)
            throws IOException, ExportCancelledException;

    /**
     * Receives a file: the sink must read exactly {@code size} bytes from {@code content} and
     * return the SHA-256 of the content; the note comes in {@link #fileDone} afterwards.
     */
    String file(int root, byte[] path, EntryMetadata metadata, long size, InputStream content)
            throws IOException, ExportCancelledException;

    /** Reports the file's note ("" when its content is sound) after its content was read. */
    void fileDone(int root, byte[] path, long size, String sha256, String note) throws IOException;

    void skipped(int root, byte[] path, String reason) throws IOException;

    void excluded(int root, byte[] path, String reason) throws IOException;
}
