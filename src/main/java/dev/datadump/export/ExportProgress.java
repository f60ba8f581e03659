package dev.datadump.export;

/** Receives progress of a running export; called from the export's thread. */
@FunctionalInterface
public interface ExportProgress {

    /** Reports the totals so far: bytes of input read and files archived. */
    void update(long bytesIn, long files);

    /** Reports that the archive is complete and is about to be handed over into the destination. */
    default void archiveComplete() {
    }

    ExportProgress NONE = (bytesIn, files) -> { };
}
