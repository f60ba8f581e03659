package dev.datadump.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportEngine;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.ExportProgress;
import dev.datadump.export.ExportRequest;
import dev.datadump.export.ExportResult;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.JobQueue;
import dev.datadump.store.NotFoundException;
import dev.datadump.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Runs claimed jobs to their end: cleans up after an earlier attempt, exports under a
 * heartbeat, records the result, and logs one line at the start and one at the end of each job.
 * Thread-safe; one runner serves all jobs of a worker.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final JobQueue queue;
    private final ExportRequestLoader loader;
    private final ExportEngine engine;
    private final WorkerSettings settings;
    private final ScheduledExecutorService heartbeats;
    private final RunningJobs running;
    private final UnrecordedArchives unrecordedArchives;

    JobRunner(JobQueue queue, ExportRequestLoader loader, ExportEngine engine, WorkerSettings settings,
              ScheduledExecutorService heartbeats, RunningJobs running) {
        this.queue = queue;
        this.loader = loader;
        this.engine = engine;
        this.settings = settings;
        this.heartbeats = heartbeats;
        this.running = running;
        this.unrecordedArchives = new UnrecordedArchives(queue);
    }

    /**
     * Runs one claimed job and returns how it ended. A failed export is recorded and returned,
     * not thrown. A store failure leaves the job running until its lease runs out.
     *
     * @param claimedAtNanos {@link System#nanoTime()} taken before the claim was sent
     * @param listener       receives the export's progress, for a progress bar
     */
    JobOutcome run(JobQueue.Claim claim, long claimedAtNanos, ExportProgress listener) {
        Job job = claim.job();
        JobQueue.Lease lease = claim.lease();
        long startedAt = System.currentTimeMillis();
        Heartbeat heartbeat = Heartbeat.start(queue, lease, settings.lease(), claimedAtNanos, heartbeats,
                settings.heartbeat());
        running.add(job.id(), heartbeat);
        String loginName = "customer " + job.customerId();
        ProgressCounter progress = new ProgressCounter(job.id(), heartbeat, listener);
        try {
            ExportRequest request = loader.load(job);
            loginName = request.customer().loginName();

            if (job.attempts() > 1) {
                log.info("Job {} of customer {}: cleaning up after an earlier attempt before attempt {}",
                        job.id(), loginName, job.attempts());
                engine.cleanUpAfterCrash(request);
                removeLeftovers(request);
            }
            if (claim.exhausted()) {
                String times = settings.maxAttempts() == 1 ? "once" : settings.maxAttempts() + " times";
                String error = "worker died or lost the store " + times + " while running this job; it is not "
                        + "retried. Check the worker logs of node " + job.node() + ", then add the job again";
                return finish(job, loginName, JobStatus.FAILED, error, progress, 0, startedAt,
                        () -> queue.recordFailed(lease, error), heartbeat);
            }
            if (job.cancelRequested()) {
                return finish(job, loginName, JobStatus.CANCELLED, "cancelled on request", progress, 0,
                        startedAt, () -> queue.recordCancelled(lease, "cancelled on request"), heartbeat);
            }

            log.info("Job {} of customer {} started: parts {}, destination {}, attempt {}, worker {}", job.id(),
                    loginName, parts(job), job.destdir(), job.attempts(), lease.workerId());
            DebugPause.at("before-export", job.id(), heartbeat);
            heartbeat.check();
            ExportResult result = engine.export(request, heartbeat, progress);
            progress.update(result.bytesIn(), result.files());

            DebugPause.at("before-record", job.id(), heartbeat);
            String warnings = warningsJson(result.warnings());
            JobOutcome outcome = finish(job, loginName, JobStatus.DONE, result.archiveName(), progress,
                    result.size(), startedAt,
                    () -> queue.recordDone(lease, result.archiveName(), result.size(), result.sha256(), warnings),
                    heartbeat);
            if (outcome.status() != JobStatus.DONE) {
                removeUnrecorded(request, result.archiveName());
            }
            return outcome;
        } catch (ExportCancelledException e) {
            return stopped(job, loginName, lease, heartbeat, progress, startedAt, e.getMessage());
        } catch (ExportFailedException e) {
            String error = e.getMessage();
            return finish(job, loginName, JobStatus.FAILED, error, progress, 0, startedAt,
                    () -> queue.recordFailed(lease, error), heartbeat);
        } catch (NotFoundException e) {
            String error = e.getMessage();
            return finish(job, loginName, JobStatus.FAILED, error, progress, 0, startedAt,
                    () -> queue.recordFailed(lease, error), heartbeat);
        } catch (StoreException e) {
            log.warn("Job {} of customer {}: store failed ({}); the job stays claimed until its lease runs out, "
                    + "then a worker of node {} takes it again", job.id(), loginName, e.getMessage(), job.node());
            return outcome(job, loginName, JobStatus.RUNNING, "store failed: " + e.getMessage(), progress, 0,
                    startedAt);
        } catch (RuntimeException e) {
            log.error("Job {} of customer {} failed with an unexpected error", job.id(), loginName, e);
            String error = "unexpected error: " + e;
            return finish(job, loginName, JobStatus.FAILED, error, progress, 0, startedAt,
                    () -> queue.recordFailed(lease, error), heartbeat);
        } finally {
            heartbeat.cancel();
            running.remove(job.id());
        }
    }

    private JobOutcome stopped(Job job, String loginName, JobQueue.Lease lease, Heartbeat heartbeat,
                               ProgressCounter progress, long startedAt, String reason) {
        StopCause cause = heartbeat.stopCause();
        if (cause == null) {
            String error = "the export stopped without a cancel request: " + reason;
            return finish(job, loginName, JobStatus.FAILED, error, progress, 0, startedAt,
                    () -> queue.recordFailed(lease, error), heartbeat);
        }
        if (cause == StopCause.CANCEL_REQUESTED) {
            return finish(job, loginName, JobStatus.CANCELLED, reason, progress, 0, startedAt,
                    () -> queue.recordCancelled(lease, reason), heartbeat);
        }
        if (cause == StopCause.SHUTDOWN) {
            boolean released = retryWhileLeaseHeld(job, heartbeat, () -> queue.release(lease));
            if (released) {
                log.warn("Job {} of customer {} stopped because the worker is shutting down; it is planned again "
                        + "for another worker of node {}", job.id(), loginName, job.node());
                return outcome(job, loginName, JobStatus.PLANNED, "released: worker shutting down", progress, 0,
                        startedAt);
            }
        }
        log.warn("Job {} of customer {} stopped: {}; nothing recorded, a worker of node {} takes it again once its "
                + "lease runs out", job.id(), loginName, heartbeat.stopReason(), job.node());
        return outcome(job, loginName, JobStatus.RUNNING, "lease lost: " + heartbeat.stopReason(), progress, 0,
                startedAt);
    }

    /** Records the end of the job, retrying store failures while the lease is valid, and logs it. */
    private JobOutcome finish(Job job, String loginName, JobStatus status, String message, ProgressCounter progress,
                              long bytesOut, long startedAt, BooleanSupplier record, Heartbeat heartbeat) {
        if (!retryWhileLeaseHeld(job, heartbeat, record)) {
            log.warn("Job {} of customer {}: result '{}' not recorded because the lease was lost ({}); a worker of "
                    + "node {} runs the job again", job.id(), loginName, status.wireName(), heartbeat.stopReason(),
                    job.node());
            return outcome(job, loginName, JobStatus.RUNNING, "lease lost before the result was recorded",
                    progress, 0, startedAt);
        }

        JobOutcome outcome = outcome(job, loginName, status, message, progress, bytesOut, startedAt);
        long millis = outcome.durationMillis();
        String line = "Job {} of customer {} ended {}: parts {}, {} files, {} in, {} out, {}, {}; {}";
        Object[] values = {job.id(), loginName, status.wireName(), parts(job), outcome.files(),
                Sizes.bytes(outcome.bytesIn()), Sizes.bytes(bytesOut), Sizes.duration(millis),
                Sizes.rate(outcome.bytesIn(), millis), message};
        if (status == JobStatus.DONE) {
            log.info(line, values);
        } else {
            log.warn(line, values);
        }
        return outcome;
    }

    /** Runs a guarded store update until it succeeds or the lease is lost; returns false when it was lost. */
    private boolean retryWhileLeaseHeld(Job job, Heartbeat heartbeat, BooleanSupplier update) {
        Backoff backoff = new Backoff(settings.heartbeat());
        while (heartbeat.leaseHeld()) {
            try {
                if (update.getAsBoolean()) {
                    return true;
                }
                heartbeat.stop(StopCause.LEASE_LOST, "another worker took over the job or it was deleted");
                return false;
            } catch (StoreException e) {
                Duration delay = backoff.next();
                log.warn("Recording the state of job {} failed ({}); retrying in {} s while the lease is valid",
                        job.id(), e.getMessage(), delay.toSeconds());
                if (!sleep(delay)) {
                    return false;
                }
            }
        }
        return false;
    }

    private void removeLeftovers(ExportRequest request) {
        try {
            unrecordedArchives.removeLeftovers(request);
        } catch (IOException | ExportFailedException e) {
            log.warn("Job {}: cannot check {} for archives of earlier attempts ({}); the job runs anyway and the "
                    + "customer may see an extra archive", request.job().id(), request.job().destdir(), e.getMessage());
        }
    }

    private void removeUnrecorded(ExportRequest request, String archive) {
        try {
            unrecordedArchives.remove(request, archive);
        } catch (IOException | ExportFailedException e) {
            log.warn("Job {}: cannot remove its unrecorded archive {} from {}: {}; remove it by hand",
                    request.job().id(), archive, request.job().destdir(), e.getMessage());
        }
    }

    private static JobOutcome outcome(Job job, String loginName, JobStatus status, String message,
                                      ProgressCounter progress, long bytesOut, long startedAt) {
        return new JobOutcome(job.id(), loginName, status, message, progress.files(), progress.bytesIn(), bytesOut,
                System.currentTimeMillis() - startedAt);
    }

    private static String parts(Job job) {
        StringJoiner parts = new StringJoiner("+");
        if (job.dumpWeb()) {
            parts.add("web");
        }
        if (job.dumpMail()) {
            parts.add("mail");
        }
        if (job.dumpDbs()) {
            parts.add("databases");
        }
        return parts.length() == 0 ? "none" : parts.toString();
    }

    /** Stores warnings as a JSON array of strings, or null when there are none. */
    private static String warningsJson(List<String> warnings) {
        if (warnings == null || warnings.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write warnings as JSON", e);
        }
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Keeps the latest progress totals, passes them on, and hosts the {@code while-writing} and
     * {@code before-hand-over} debug pauses.
     */
    private static final class ProgressCounter implements ExportProgress {
        private final long jobId;
        private final Heartbeat heartbeat;
        private final ExportProgress listener;
        private volatile long bytesIn;
        private volatile long files;
        private boolean paused;

        ProgressCounter(long jobId, Heartbeat heartbeat, ExportProgress listener) {
            this.jobId = jobId;
            this.heartbeat = heartbeat;
            this.listener = listener;
        }

        @Override
        public void update(long bytesIn, long files) {
            this.bytesIn = bytesIn;
            this.files = files;
            listener.update(bytesIn, files);
            if (!paused && files > 0) {
                paused = true;
                DebugPause.at("while-writing", jobId, heartbeat);
            }
        }

        @Override
        public void archiveComplete() {
            DebugPause.at("before-hand-over", jobId, heartbeat);
        }

        long bytesIn() {
            return bytesIn;
        }

        long files() {
            return files;
        }
    }
}
