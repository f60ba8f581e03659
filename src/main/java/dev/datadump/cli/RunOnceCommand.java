package dev.datadump.cli;

import dev.datadump.export.ExportProgress;
import dev.datadump.store.Store;
import dev.datadump.worker.JobOutcome;
import dev.datadump.worker.RunOnce;
import dev.datadump.worker.Sizes;
import dev.datadump.worker.Worker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code datadump run-once}: runs every claimable job of the node once, one after another,
 * prints one summary line per job and exits 0 when all succeeded, 1 otherwise.
 */
@Command(name = "run-once", mixinStandardHelpOptions = true,
        description = "Run the planned jobs of one node once, one after another, then exit: "
                + "0 when all succeeded (or there were none), 1 when any did not. SIGTERM or Ctrl-C cancels "
                + "the running job and puts it back to planned.")
final class RunOnceCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    WorkerOptions workerOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var settings = workerOptions.settings();
        var engine = workerOptions.engine();
        PrintWriter out = spec.commandLine().getOut();
        // NOTE: this is true on Java 17; from Java 22 on System.console() may return a console also when
        // stdout is redirected, and the progress line would then go into the redirected output.
        boolean terminal = System.console() != null;

        List<JobOutcome> outcomes;
        CountDownLatch finished = new CountDownLatch(1);
        try (Store store = storeOptions.open()) {
            RunOnce runOnce = new RunOnce(store, engine, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runOnce.stop();
                awaitQuietly(finished, Worker.maxStopTime(settings));
            }, "shutdown"));
            outcomes = runOnce.run(jobId -> terminal ? new ProgressBar(out, jobId) : ExportProgress.NONE,
                    outcome -> printSummary(out, outcome, terminal));
        } finally {
            finished.countDown();
        }
        if (outcomes.isEmpty()) {
            out.println("no planned jobs on node " + settings.node());
        }
        out.flush();
        return outcomes.stream().allMatch(JobOutcome::succeeded) ? 0 : 1;
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printSummary(PrintWriter out, JobOutcome outcome, boolean terminal) {
        if (terminal) {
            out.print(ProgressBar.CLEAR_LINE);
        }
        out.printf("job %d %s: %s, %s (%d files, %s in, %s out, %s)%n", outcome.jobId(), outcome.loginName(),
                outcome.status().wireName(), outcome.message(), outcome.files(), Sizes.bytes(outcome.bytesIn()),
                Sizes.bytes(outcome.bytesOut()), Sizes.duration(outcome.durationMillis()));
        out.flush();
    }
}
