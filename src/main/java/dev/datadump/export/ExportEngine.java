package dev.datadump.export;

/**
 * Runs the export of one job: builds the archive in private staging and hands the finished
 * file over into the job's destination. Implementations are thread-safe; several jobs may
 * run at once on one engine.
 */
public interface ExportEngine {

    /**
     * Exports the request's data. On return the archive and its {@code .sha256} file are in the
     * destination. On any exception nothing of this attempt remains in staging or destination.
     *
     * @throws ExportCancelledException when {@code cancellation} reported a cancel; checked at every step
     * @throws ExportFailedException    with a message an admin can act on
     */
    ExportResult export(ExportRequest request, Cancellation cancellation, ExportProgress progress)
            throws ExportFailedException, ExportCancelledException;

    /**
     * Removes what an earlier attempt of the job left behind (staging files, a half-copied
     * file in the destination), for a job picked up again after its worker died.
     */
    void cleanUpAfterCrash(ExportRequest request);
}
