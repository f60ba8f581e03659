package dev.datadump.worker;

import dev.datadump.export.ExportEngine;
import dev.datadump.export.ExportProgress;
import dev.datadump.store.JobQueue;
import dev.datadump.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the claimable jobs of a node one after another, each at most once, and returns when
 * none is left. Jobs follow the same claim, lease and result rules as in a {@link Worker}, so
 * a run-once may share the store with running workers.
 */
public final class RunOnce {

    private static final Logger log = LoggerFactory.getLogger(RunOnce.class);

    private final String workerId = WorkerId.create();
    private final Store store;
    private final ExportEngine engine;
    private final WorkerSettings settings;
    private final RunningJobs running = new RunningJobs();
    private volatile boolean stopping;

    public RunOnce(Store store, ExportEngine engine, WorkerSettings settings) {
        this.store = store;
        this.engine = engine;
        this.settings = settings;
    }

    /**
     * Runs the jobs and returns how each ended, in order. Store failures propagate as
     * {@link dev.datadump.store.StoreException}.
     *
     * @param progressFor returns the progress listener of a job, given its id
     * @param onEnd       called with each job's outcome as soon as it ended
     */
    public List<JobOutcome> run(Function<Long, ExportProgress> progressFor, Consumer<JobOutcome> onEnd) {
        JobQueue queue = new JobQueue(store);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        JobRunner runner = new JobRunner(queue, new ExportRequestLoader(store), engine, settings, heartbeats,
                running);
        List<JobOutcome> outcomes = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try {
            while (!stopping) {
                long claimedAtNanos = System.nanoTime();
                Optional<JobQueue.Claim> claim = queue.claim(settings.node(), workerId, settings.lease().toMillis(),
                        settings.maxAttempts());
                if (claim.isEmpty()) {
                    break;
                }
                if (!seen.add(claim.get().job().id())) {
                    log.warn("Job {} is claimable again after this run took it once; leaving it for a worker",
                            claim.get().job().id());
                    queue.release(claim.get().lease());
                    break;
                }
                JobOutcome outcome = runner.run(claim.get(), claimedAtNanos, progressFor.apply(claim.get().job().id()));
                outcomes.add(outcome);
                onEnd.accept(outcome);
            }
        } finally {
            heartbeats.shutdownNow();
        }
        return outcomes;
    }

    /**
     * Stops the run from another thread: no further job is claimed, and the running job is
     * cancelled and put back to planned for a worker. {@link #run} returns once it stopped.
     */
    public void stop() {
        stopping = true;
        running.stopAll(StopCause.SHUTDOWN, "run-once is shutting down");
    }
}
