package dev.datadump.store;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The worker side of the jobs table: claiming a job under a lease, renewing the lease,
 * recording the result and releasing a job. All times come from the database clock, so
 * workers on hosts with skewed clocks agree on when a lease ran out.
 *
 * <p>Every statement after the claim is guarded by {@code worker = ? AND attempts = ?}: a
 * worker whose lease was taken over by another worker changes nothing, and learns so from
 * the returned {@code false}.
 */
public final class JobQueue {

    private static final String CLAIMABLE = "node = ? AND (status = 'planned'"
            + " OR (status = 'running' AND lease_until < %1$s))";

    private final Store store;
    private final String now;

    public JobQueue(Store store) {
        this.store = store;
        this.now = store.dialect().nowMillisExpression();
    }

    /** One attempt of one job, held by one worker: the guard of every update the worker makes. */
    public record Lease(long jobId, String workerId, int attempt) {
    }

    /**
     * A claimed job. {@code exhausted} is true when earlier attempts used up the allowed number:
     * the claimer cleans up what they left and records the job as failed instead of running it.
     */
    public record Claim(Job job, Lease lease, boolean exhausted) {
    }

    /** The state of a lease after a renewal. */
    public enum LeaseState {
        /** Renewed; the job goes on. */
        HELD,
        /** Renewed, but someone asked to cancel the job. */
        CANCEL_REQUESTED,
        /** Another worker has the job now, or the job is gone, so the attempt stops without recording anything. */
        LOST
    }

    /**
     * Claims the oldest job of the node that is planned or whose lease ran out, for
     * {@code leaseMillis}, and counts the attempt. Two workers never get the same attempt:
     * MariaDB and PostgreSQL lock the chosen row and skip rows others have locked, SQLite runs
     * the claim as one UPDATE statement, which it serialises with all other writers.
     *
     * @param maxAttempts the number of runs allowed; a claim beyond it comes back as exhausted
     * @return the claim, or empty when the node has no claimable job
     */
    public Optional<Claim> claim(String node, String workerId, long leaseMillis, int maxAttempts) {
        Optional<Job> job = store.dialect().serialisesWriters()
                ? claimInOneStatement(node, workerId, leaseMillis)
                : claimLockedRow(node, workerId, leaseMillis);
        return job.map(claimed -> new Claim(claimed, new Lease(claimed.id(), workerId, claimed.attempts()),
                claimed.attempts() > maxAttempts));
    }

    private Optional<Job> claimLockedRow(String node, String workerId, long leaseMillis) {
        String select = "SELECT id FROM jobs WHERE " + CLAIMABLE.formatted(now)
                + " ORDER BY id LIMIT 1" + store.dialect().skipLockedClause();
        return store.inTransaction(connection -> {
            Optional<Long> id = Jdbc.queryOne(connection, select, row -> row.getLong(1), node);
            if (id.isEmpty()) {
                return Optional.empty();
            }

            Jdbc.update(connection, "UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = ?,"
                            + " lease_until = " + now + " + ?, started = COALESCE(started, " + now + ")"
                            + " WHERE id = ?",
                    workerId, leaseMillis, id.get());
            return Jdbc.queryOne(connection, "SELECT * FROM jobs WHERE id = ?", JobRepository::map, id.get());
        });
    }

    private Optional<Job> claimInOneStatement(String node, String workerId, long leaseMillis) {
        String sql = "UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = ?,"
                + " lease_until = " + now + " + ?, started = COALESCE(started, " + now + ")"
                + " WHERE id = (SELECT id FROM jobs WHERE " + CLAIMABLE.formatted(now) + " ORDER BY id LIMIT 1)"
                + " RETURNING *";
        return store.withConnection(connection -> Jdbc.queryOne(connection, sql, JobRepository::map,
                workerId, leaseMillis, node));
    }

    /**
     * Extends the lease to {@code leaseMillis} from now and reads whether a cancel was
     * requested. Returns {@link LeaseState#LOST} when the attempt no longer holds the job.
     */
    public LeaseState renew(Lease lease, long leaseMillis) {
        return store.withConnection(connection -> {
            int changed = Jdbc.update(connection, "UPDATE jobs SET lease_until = " + now + " + ?"
                            + " WHERE id = ? AND worker = ? AND attempts = ? AND status = 'running'",
                    leaseMillis, lease.jobId(), lease.workerId(), lease.attempt());
            if (changed == 0) {
                return LeaseState.LOST;
            }

            boolean cancel = Jdbc.queryOne(connection, "SELECT cancel_requested FROM jobs WHERE id = ?",
                    row -> row.getInt(1) != 0, lease.jobId()).orElse(false);
            return cancel ? LeaseState.CANCEL_REQUESTED : LeaseState.HELD;
        });
    }

    /** Outcome of checking a running attempt against the job's row: go on, or stop and why. */
    public enum AttemptCheck {
        /** The attempt still owns the job and no cancel was requested. */
        GO_ON,
        /** DataDump.delete asked for the job to be cancelled. */
        CANCEL_REQUESTED,
        /** Another attempt owns the job now, or the job is gone or finished. */
        LEASE_LOST
    }

    /**
     * Reads the job's row for a running attempt: a cancel request, or a sign that the job no
     * longer belongs to this attempt (another worker took it over after the lease ran out).
     */
    public AttemptCheck checkAttempt(Lease lease) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT cancel_requested, worker, attempts, status FROM jobs WHERE id = ?",
                row -> {
                    boolean mine = lease.workerId().equals(row.getString("worker"))
                            && row.getInt("attempts") == lease.attempt()
                            && JobStatus.RUNNING.wireName().equals(row.getString("status"));
                    if (!mine) {
                        return AttemptCheck.LEASE_LOST;
                    }
                    return row.getInt("cancel_requested") != 0 ? AttemptCheck.CANCEL_REQUESTED : AttemptCheck.GO_ON;
                },
                lease.jobId())).orElse(AttemptCheck.LEASE_LOST);
    }

    /** Records a finished export. Returns false when the attempt lost the job's lease. */
    public boolean recordDone(Lease lease, String archive, long size, String sha256, String warnings) {
        return finish(lease, JobStatus.DONE, archive, size, sha256, warnings, null);
    }

    /** Records a failed job with the reason. Returns false when the attempt lost the job's lease. */
    public boolean recordFailed(Lease lease, String error) {
        return finish(lease, JobStatus.FAILED, null, null, null, null, error);
    }

    /** Records a cancelled job. Returns false when the attempt lost the job's lease. */
    public boolean recordCancelled(Lease lease, String reason) {
        return finish(lease, JobStatus.CANCELLED, null, null, null, null, reason);
    }

    /**
     * Puts a running job back to planned with no lease, for another worker to take at once.
     * The attempt is not counted, since the worker stopped it in order. Returns false when the
     * attempt lost the job's lease.
     */
    public boolean release(Lease lease) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE jobs SET status = 'planned', lease_until = NULL, attempts = attempts - 1"
                        + " WHERE id = ? AND worker = ? AND attempts = ? AND status = 'running'",
                lease.jobId(), lease.workerId(), lease.attempt())) == 1;
    }

    /** Returns the archive names recorded for the customer's finished jobs. */
    public Set<String> recordedArchives(long customerId) {
        return new HashSet<>(store.withConnection(connection -> Jdbc.query(connection,
                "SELECT archive FROM jobs WHERE customer_id = ? AND archive IS NOT NULL",
                row -> row.getString(1), customerId)));
    }

    private boolean finish(Lease lease, JobStatus status, String archive, Long size, String sha256,
                           String warnings, String error) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE jobs SET status = ?, finished = " + now + ", lease_until = NULL, active_customer = NULL,"
                        + " archive = ?, size = ?, sha256 = ?, warnings = ?, error = ?"
                        + " WHERE id = ? AND worker = ? AND attempts = ? AND status = 'running'",
                status.wireName(), archive, size, sha256, warnings, error,
                lease.jobId(), lease.workerId(), lease.attempt())) == 1;
    }
}
