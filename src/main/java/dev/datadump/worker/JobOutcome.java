package dev.datadump.worker;

import dev.datadump.model.JobStatus;

/**
 * The end of one attempt at a job, for summaries.
 *
 * @param status   the recorded state, or {@link JobStatus#RUNNING} when nothing was recorded
 *                 because the lease was lost, or {@link JobStatus#PLANNED} when the job was released
 * @param message  the archive name, the error or the reason the attempt stopped
 * @param bytesOut the archive size, 0 without an archive
 */
public record JobOutcome(long jobId, String loginName, JobStatus status, String message, long files,
                         long bytesIn, long bytesOut, long durationMillis) {

    public boolean succeeded() {
        return status == JobStatus.DONE;
    }
}
