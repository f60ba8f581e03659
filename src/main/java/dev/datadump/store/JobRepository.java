package dev.datadump.store;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Jobs: adding, reading and deleting. Claiming, leases and results are in {@link JobQueue};
 * filtered listings for the API are built by {@link JobQuery}.
 */
public final class JobRepository {

    private final Store store;

    public JobRepository(Store store) {
        this.store = store;
    }

    /** The fields of a new job, as the API accepted them. */
    public record NewJob(long customerId, String node, String path, String destdir, String pgpPublicKey,
                         boolean dumpDbs, boolean dumpMail, boolean dumpWeb) {
    }

    /**
     * Adds a planned job. Throws {@link DuplicateException} when the customer already has a
     * planned or running job, so a form submitted twice does not queue two exports.
     */
    public Job add(NewJob job) {
        long now = System.currentTimeMillis();
        try {
            long id = store.withConnection(connection -> Jdbc.insert(connection,
                    "INSERT INTO jobs (customer_id, active_customer, node, path, destdir, pgp_public_key,"
                            + " dump_dbs, dump_mail, dump_web, status, created)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    job.customerId(), job.customerId(), job.node(), job.path(), job.destdir(), job.pgpPublicKey(),
                    job.dumpDbs(), job.dumpMail(), job.dumpWeb(), JobStatus.PLANNED.wireName(), now));
            return findById(id).orElseThrow(() -> new StoreException("job " + id + " vanished right after insert"));
        } catch (StoreException e) {
            if (isUniqueViolation(e.getCause())) {
                throw new DuplicateException("customer " + job.customerId()
                        + " already has an export that is planned or running");
            }
            throw e;
        }
    }

    public Optional<Job> findById(long id) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM jobs WHERE id = ?", JobRepository::map, id));
    }

    /** Unfinished jobs, or with {@code withHistory} all jobs, oldest first. */
    public List<Job> list(boolean withHistory) {
        String where = withHistory ? "" : " WHERE status IN ('planned', 'running')";
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM jobs" + where + " ORDER BY id", JobRepository::map));
    }

    /**
     * Cancels a planned job: it becomes {@code cancelled} with its finish time, and the customer
     * may add a new job. Returns false when the job is not planned (any more).
     */
    public boolean cancelPlanned(long id) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE jobs SET status = ?, finished = ?, active_customer = NULL WHERE id = ? AND status = ?",
                JobStatus.CANCELLED.wireName(), System.currentTimeMillis(), id, JobStatus.PLANNED.wireName())) == 1;
    }

    /**
     * Asks the worker of a running job to stop; the worker records {@code cancelled} when it has
     * cleaned up. Returns false when the job is not running (any more).
     */
    public boolean requestCancel(long id) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status = ?",
                id, JobStatus.RUNNING.wireName())) == 1;
    }

    /** Maps a row of the jobs table. */
    public static Job map(ResultSet row) throws SQLException {
        return new Job(row.getLong("id"), row.getLong("customer_id"), row.getString("node"), row.getString("path"),
                row.getString("destdir"), row.getString("pgp_public_key"), row.getInt("dump_dbs") != 0,
                row.getInt("dump_mail") != 0, row.getInt("dump_web") != 0,
                JobStatus.fromWire(row.getString("status")), row.getLong("created"),
                Jdbc.nullableLong(row, "started"), Jdbc.nullableLong(row, "finished"), row.getInt("attempts"),
                row.getString("worker"), Jdbc.nullableLong(row, "lease_until"),
                row.getInt("cancel_requested") != 0, row.getString("archive"), Jdbc.nullableLong(row, "size"),
                row.getString("sha256"), row.getString("warnings"), row.getString("error"));
    }

    static boolean isUniqueViolation(Throwable e) {
        if (!(e instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage());
        return (state != null && state.startsWith("23")) || message.contains("UNIQUE constraint failed");
    }
}
