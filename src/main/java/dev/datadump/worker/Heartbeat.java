package dev.datadump.worker;

import dev.datadump.export.Cancellation;
import dev.datadump.store.JobQueue;
import dev.datadump.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renews the lease of one running job at a fixed interval and reports to the export when it must stop:
 * on a cancel request, when the lease is lost, or when the worker shuts down. Besides the renewals,
 * which also read the cancel flag, the export's cancellation checks read the job's row from the
 * store at most once per {@link #CANCEL_POLL_INTERVAL}. The export's first check after that
 * interval therefore notices a cancel request, or another worker having taken the job over,
 * even when the heartbeat interval is longer.
 *
 * <p>The lease counts as lost once the time since the start of the last successful renewal
 * exceeds the lease duration, even when the store cannot be reached to say so. That time is
 * measured on this host's monotonic clock and is never longer than the lease the database
 * granted, so no other worker can have taken the job while this one still believes it holds it.
 */
final class Heartbeat implements Cancellation {

    /** The minimum time between two reads of the cancel flag from the export's cancellation checks. */
    static final Duration CANCEL_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final JobQueue queue;
    private final JobQueue.Lease lease;
    private final Duration leaseDuration;
    private final ScheduledFuture<?> task;

    private volatile long leaseDeadlineNanos;
    private volatile StopCause stopCause;
    private volatile String stopReason;
    private int failedRenewals;
    private final AtomicLong nextCancelPollNanos = new AtomicLong(System.nanoTime());
    private final AtomicInteger failedCancelPolls = new AtomicInteger();

    private Heartbeat(JobQueue queue, JobQueue.Lease lease, Duration leaseDuration, long claimedAtNanos,
                      ScheduledExecutorService scheduler, Duration interval) {
        this.queue = queue;
        this.lease = lease;
        this.leaseDuration = leaseDuration;
        this.leaseDeadlineNanos = claimedAtNanos + leaseDuration.toNanos();
        this.task = scheduler.scheduleWithFixedDelay(this::renew, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts renewing a lease that was granted at or after {@code claimedAtNanos}
     * ({@link System#nanoTime()} taken before the claim was sent).
     */
    static Heartbeat start(JobQueue queue, JobQueue.Lease lease, Duration leaseDuration, long claimedAtNanos,
                           ScheduledExecutorService scheduler, Duration interval) {
        return new Heartbeat(queue, lease, leaseDuration, claimedAtNanos, scheduler, interval);
    }

    // Known limitation: a worker that stalls past its lease (a long GC pause, SIGSTOP, a suspended VM)
    // notices the loss only at the export's next cancellation check once it runs again. Until then
    // it may still write into its own staging folder, since each attempt has one. Its result is never
    // recorded, and the check right before hand-over keeps its archive out of the destination.
    @Override
    public String stopReason() {
        checkLeaseDeadline();
        if (stopReason == null) {
            pollCancelRequest(false);
        }
        return stopReason;
    }

    /** Returns the reason to stop after reading the cancel flag from the store now, unthrottled. */
    @Override
    public String currentStopReason() {
        checkLeaseDeadline();
        if (stopReason == null) {
            pollCancelRequest(true);
        }
        return stopReason;
    }

    /** Returns why the job must stop, or null while it may go on. Does not read the store. */
    StopCause stopCause() {
        checkLeaseDeadline();
        return stopCause;
    }

    private void checkLeaseDeadline() {
        if (stopReason == null && System.nanoTime() - leaseDeadlineNanos > 0) {
            stop(StopCause.LEASE_LOST, "the lease ran out because it could not be renewed in time");
        }
    }

    /**
     * Reads the job's row (cancel flag and current attempt) when {@code now} is true or the
     * last read is at least {@link #CANCEL_POLL_INTERVAL} ago. When two threads check at once,
     * one of them reads and the other goes on with the state it has. A store failure is logged
     * and leaves the state as it is, because the renewals decide when a store that cannot be
     * reached costs the lease.
     */
    private void pollCancelRequest(boolean now) {
        long startNanos = System.nanoTime();
        long due = nextCancelPollNanos.get();
        if (!now && startNanos - due < 0) {
            return;
        }
        if (!nextCancelPollNanos.compareAndSet(due, startNanos + CANCEL_POLL_INTERVAL.toNanos()) && !now) {
            return;
        }
        try {
            switch (queue.checkAttempt(lease)) {
                case CANCEL_REQUESTED -> stop(StopCause.CANCEL_REQUESTED, "cancelled on request");
                case LEASE_LOST -> stop(StopCause.LEASE_LOST, "another worker took over the job or it was deleted");
                case GO_ON -> {
                    // The attempt still owns the job.
                }
            }
            failedCancelPolls.set(0);
        } catch (StoreException e) {
            if (failedCancelPolls.getAndIncrement() == 0) {
                log.warn("Cannot read the cancel flag of job {} ({}); the export goes on and tries again in {} ms, "
                        + "and the lease renewals decide when to give up", lease.jobId(), e.getMessage(),
                        CANCEL_POLL_INTERVAL.toMillis());
            }
        }
    }

    /** Returns true while the lease is still valid by this host's clock. */
    boolean leaseHeld() {
        return stopCause() != StopCause.LEASE_LOST;
    }

    /** Tells the export to stop for the cause; the first cause given wins. */
    synchronized void stop(StopCause cause, String reason) {
        if (stopCause == null) {
            stopCause = cause;
            stopReason = reason;
        }
    }

    /** Ends the renewals. The lease then runs out unless the job's result was recorded. */
    void cancel() {
        task.cancel(false);
    }

    private void renew() {
        if (stopCause == StopCause.LEASE_LOST) {
            return;
        }
        long sentAt = System.nanoTime();
        try {
            JobQueue.LeaseState state = queue.renew(lease, leaseDuration.toMillis());
            switch (state) {
                case HELD -> leaseDeadlineNanos = sentAt + leaseDuration.toNanos();
                case CANCEL_REQUESTED -> {
                    leaseDeadlineNanos = sentAt + leaseDuration.toNanos();
                    stop(StopCause.CANCEL_REQUESTED, "cancelled on request");
                }
                case LOST -> stop(StopCause.LEASE_LOST, "another worker took over the job or it was deleted");
            }
            if (failedRenewals > 0) {
                log.info("Lease of job {} renewed again after {} failed attempts", lease.jobId(), failedRenewals);
                failedRenewals = 0;
            }
        } catch (StoreException e) {
            failedRenewals++;
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(leaseDeadlineNanos - System.nanoTime());
            log.warn("Cannot renew the lease of job {} ({}); retrying, the job stops if the lease is not "
                    + "renewed within {} ms", lease.jobId(), e.getMessage(), Math.max(0, remainingMillis));
        } catch (RuntimeException e) {
            log.error("Lease renewal of job {} failed unexpectedly; retrying", lease.jobId(), e);
        }
    }
}
