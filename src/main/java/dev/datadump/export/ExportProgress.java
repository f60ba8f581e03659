package dev.datadump.export;

/** Receives progress of a running export; called from the export's thread. */
@FunctionalInterface
public interface ExportProgress {

    /** Reports the totals so far: bytes of input read and files archived. */
    void update(long bytesIn, long files);

    ExportProgress NONE = (bytesIn, files) -> { };
}
