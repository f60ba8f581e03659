package dev.datadump.worker;

import dev.datadump.export.ExportEngine;
import dev.datadump.export.ExportProgress;
import dev.datadump.store.JobQueue;
import dev.datadump.store.Store;
import dev.datadump.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker service: claims the jobs of its node from the store and runs up to
 * {@link WorkerSettings#concurrency()} of them at once, until it is stopped. Start it once with
 * {@link #start()}, stop it once with {@link #stop()}.
 */
public final class Worker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** Time that cancelled jobs get to clean up after the stop timeout, before the worker gives up on them. */
    private static final Duration CLEAN_UP_TIME = Duration.ofSeconds(30);

    private final String workerId = WorkerId.create();
    private final JobQueue queue;
    private final WorkerSettings settings;
    private final RunningJobs running = new RunningJobs();
    private final ScheduledExecutorService heartbeats;
    private final ExecutorService jobs;
    private final JobRunner runner;
    private final Semaphore freeSlots;
    private final Thread claimLoop;
    private volatile boolean stopping;

    public Worker(Store store, ExportEngine engine, WorkerSettings settings) {
        this.queue = new JobQueue(store);
        this.settings = settings;
        this.heartbeats = Executors.newScheduledThreadPool(settings.concurrency(), threads("heartbeat"));
        this.jobs = Executors.newFixedThreadPool(settings.concurrency(), threads("job"));
        this.runner = new JobRunner(queue, new ExportRequestLoader(store), engine, settings, heartbeats, running);
        this.freeSlots = new Semaphore(settings.concurrency());
        this.claimLoop = new Thread(this::claimJobs, "worker-claim");
    }

    /** Returns the identifier recorded with each attempt this worker makes. */
    public String workerId() {
        return workerId;
    }

    /** Starts claiming jobs in the background. */
    public void start() {
        log.info("Worker {} started on node {}: up to {} jobs at once, lease {}, heartbeat every {}",
                workerId, settings.node(), settings.concurrency(), Sizes.duration(settings.lease().toMillis()),
                Sizes.duration(settings.heartbeat().toMillis()));
        claimLoop.start();
    }

    /**
     * Stops claiming, lets running jobs finish within the stop timeout, then cancels the rest
     * and puts them back to planned for another worker. Returns when no job runs any more, or
     * after a further 30 s for jobs that do not stop; their leases then run out. Calls after
     * the first return at once.
     */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        log.info("Worker {} stopping: waiting up to {} s for {} running jobs", workerId,
                settings.stopTimeout().toSeconds(), running.size());
        try {
            // The claim loop ends before the pool shuts down, so a job claimed at the last moment still runs.
            claimLoop.interrupt();
            claimLoop.join();
            jobs.shutdown();
            if (!jobs.awaitTermination(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Worker {}: {} jobs still running after the stop timeout; cancelling them and putting them "
                        + "back to planned", workerId, running.size());
                running.stopAll(StopCause.SHUTDOWN, "the worker is shutting down");
                if (!jobs.awaitTermination(CLEAN_UP_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Worker {}: {} jobs did not stop in {} s; their leases run out and another worker "
                            + "takes them", workerId, running.size(), CLEAN_UP_TIME.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        heartbeats.shutdownNow();
        log.info("Worker {} stopped", workerId);
    }

    /** Stops the worker as {@link #stop()} does. */
    @Override
    public void close() {
        stop();
    }

    /** Returns the longest time {@link #stop()} of a worker with these settings takes. */
    public static Duration maxStopTime(WorkerSettings settings) {
        return settings.stopTimeout().plus(CLEAN_UP_TIME);
    }

    private void claimJobs() {
        Backoff backoff = new Backoff(Duration.ofSeconds(30));
        while (!stopping) {
            try {
                freeSlots.acquire();
            } catch (InterruptedException e) {
                break;
            }

            Optional<JobQueue.Claim> claim = Optional.empty();
            long claimedAtNanos = System.nanoTime();
            try {
                if (!stopping) {
                    claim = queue.claim(settings.node(), workerId, settings.lease().toMillis(),
                            settings.maxAttempts());
                }
                backoff.reset();
            } catch (StoreException e) {
                Duration delay = backoff.next();
                log.warn("Worker {} cannot claim jobs ({}); retrying in {} s", workerId, e.getMessage(),
                        delay.toSeconds());
                freeSlots.release();
                pause(delay);
                continue;
            } catch (RuntimeException e) {
                Duration delay = backoff.next();
                log.error("Worker {}: claiming a job failed unexpectedly; retrying in {} s", workerId,
                        delay.toSeconds(), e);
                freeSlots.release();
                pause(delay);
                continue;
            }

            if (claim.isEmpty()) {
                freeSlots.release();
                pause(settings.poll());
                continue;
            }
            JobQueue.Claim claimed = claim.get();
            jobs.execute(() -> {
                try {
                    runner.run(claimed, claimedAtNanos, ExportProgress.NONE);
                } finally {
                    freeSlots.release();
                }
            });
        }
    }

    private void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            // Only stop() interrupts the claim loop, so the next acquire throws and ends the loop.
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
