package dev.datadump.worker;

import java.time.Duration;

/**
 * The settings with which a worker claims and runs jobs.
 *
 * @param node        the node whose jobs this worker runs
 * @param concurrency the maximum number of jobs run at once
 * @param lease       how long a claim stays valid without a heartbeat; a dead worker's job is
 *                    taken over this long after its last heartbeat
 * @param heartbeat   the interval between lease renewals; a running export also looks for a
 *                    cancel request about once a second, whatever this interval is
 * @param poll        the pause between looks for new jobs when none was claimable
 * @param maxAttempts the number of claims a job may use before it is recorded as failed
 * @param stopTimeout how long a stopping worker lets running jobs finish before it cancels and
 *                    releases them
 */
public record WorkerSettings(String node, int concurrency, Duration lease, Duration heartbeat, Duration poll,
                             int maxAttempts, Duration stopTimeout) {

    /** Checks the values; throws {@link IllegalArgumentException} naming the value that is out of range. */
    public WorkerSettings {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("node name must not be empty");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("jobs at once must be at least 1, got " + concurrency);
        }
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("heartbeat interval must be at least 100 ms, got " + heartbeat);
        }
        if (lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("lease (" + lease.toSeconds() + " s) must be at least twice the "
                    + "heartbeat interval (" + heartbeat.toSeconds() + " s), so one missed heartbeat is survived");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maximum attempts must be at least 1, got " + maxAttempts);
        }
        if (poll.isNegative() || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("poll interval and stop timeout must not be negative");
        }
    }
}
